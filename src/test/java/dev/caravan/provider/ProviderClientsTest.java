package dev.caravan.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.resilience.ResilienceProperties;
import dev.caravan.resilience.ResilienceProperties.Overrides;
import dev.caravan.routing.TestModels;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * The provider's connect timeout must reach every client, not only the OpenAI-wire ones. The
 * upstream is a loopback listener whose accept queue is full: Linux then drops further SYNs, so a
 * connect hangs exactly like one to an unreachable host, and only a connect timeout ends it.
 */
class ProviderClientsTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WELL_BELOW_TOTAL = Duration.ofSeconds(5);

    private ServerSocket neverAccepting;
    private final List<Socket> queueFillers = new ArrayList<>();
    private ProviderClients clients;

    @BeforeEach
    void fill_the_accept_queue_of_a_listener_that_never_accepts() throws IOException {
        neverAccepting = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        boolean connectsHang = false;
        for (int i = 0; i < 16 && !connectsHang; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(neverAccepting.getLocalSocketAddress(), 200);
                queueFillers.add(socket);
            } catch (SocketTimeoutException e) {
                socket.close();
                connectsHang = true;
            }
        }
        // otherwise a passing test would prove nothing: the connect must hang, not fail fast
        assertThat(connectsHang).as("a connect to the listener with a full accept queue hangs").isTrue();

        var timeouts = new Overrides(null, null, null, null, null, null, null, null, null, null, null, null, null,
                CONNECT_TIMEOUT, null, TOTAL_TIMEOUT);
        clients = new ProviderClients(new MockEnvironment().withProperty("TEST_API_KEY", "test-key"),
                new SimulatorAddress(""), new ResilienceProperties(timeouts, Map.of(), null));
    }

    @AfterEach
    void close() throws IOException {
        for (Socket socket : queueFillers) {
            socket.close();
        }
        neverAccepting.close();
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = "IN_PROCESS", mode = EnumSource.Mode.EXCLUDE)
    void should_fail_with_a_connect_timeout_when_the_chat_client_cannot_connect(ProviderType provider) {
        // given
        ModelProperties model = modelAt(provider);

        // when
        Throwable error = assertTimeoutPreemptively(WELL_BELOW_TOTAL,
                () -> catchThrowable(() -> clients.chat(model).chat("hello")));

        // then
        assertThat(causes(error)).hasAtLeastOneElementOfType(HttpConnectTimeoutException.class);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = "IN_PROCESS", mode = EnumSource.Mode.EXCLUDE)
    void should_fail_with_a_connect_timeout_when_the_streaming_client_cannot_connect(ProviderType provider) {
        // given
        ModelProperties model = modelAt(provider);
        var outcome = new CompletableFuture<Throwable>();

        // when
        Throwable error = assertTimeoutPreemptively(WELL_BELOW_TOTAL, () -> {
            clients.streaming(model).chat("hello", new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partialResponse) {
                }

                @Override
                public void onCompleteResponse(ChatResponse completeResponse) {
                    outcome.complete(null);
                }

                @Override
                public void onError(Throwable e) {
                    outcome.complete(e);
                }
            });
            return outcome.get(WELL_BELOW_TOTAL.toMillis(), TimeUnit.MILLISECONDS);
        });

        // then
        assertThat(causes(error)).hasAtLeastOneElementOfType(HttpConnectTimeoutException.class);
    }

    private ModelProperties modelAt(ProviderType provider) {
        var address = (InetSocketAddress) neverAccepting.getLocalSocketAddress();
        return TestModels.model("test-" + provider.id()).provider(provider)
                .baseUrl("http://" + address.getHostString() + ":" + address.getPort() + "/v1")
                .apiKeyEnv("TEST_API_KEY").timeout(TOTAL_TIMEOUT).build();
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
