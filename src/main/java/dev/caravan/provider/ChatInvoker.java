package dev.caravan.provider;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenSink;
import dev.caravan.gateway.TokenUsage;
import dev.caravan.metering.CostCalculator;
import dev.caravan.routing.LatencyTracker;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Calls one model through its LangChain4j client, blocking or streaming, and returns the
 * answer with usage, cost and latency. Knows nothing of Camel: the invoke route calls it.
 */
@Component
public class ChatInvoker {

    private final ProviderClients clients;
    private final LatencyTracker latency;
    private final TokenCounter tokens;

    public ChatInvoker(ProviderClients clients, LatencyTracker latency, TokenCounter tokens) {
        this.clients = clients;
        this.latency = latency;
        this.tokens = tokens;
    }

    public GatewayResponse call(GatewayRequest request, ModelProperties model) {
        ChatRequest chat = request.chat();
        long started = System.nanoTime();
        ChatResponse response;
        try {
            response = clients.chat(model).chat(ChatRequestMapper.toLangChain4j(chat, model));
        } catch (RuntimeException e) {
            throw ProviderErrors.map(e, model);
        }
        long elapsedMs = elapsedMillis(started);
        latency.record(model.id(), elapsedMs);
        return toResponse(request, model, response.aiMessage().text(), response, elapsedMs);
    }

    /**
     * Streams the answer into {@code sink} token by token and returns once the provider has
     * finished. Fails with a {@link GatewayException}; whether the caller already saw tokens
     * is the sink's to tell ({@link TokenSink#committed()}).
     */
    public GatewayResponse stream(GatewayRequest request, ModelProperties model, TokenSink sink) {
        long total = model.timeout().multipliedBy(2).toMillis();
        return stream(request, model, sink, total, total);
    }

    /**
     * As above, with the time allowed until the first token (a model that accepts the request but
     * never starts answering fails early, while a fallback is still possible) and in total.
     */
    public GatewayResponse stream(GatewayRequest request, ModelProperties model, TokenSink sink,
                                  long firstTokenTimeoutMs, long totalTimeoutMs) {
        ChatRequest chat = request.chat();
        CompletableFuture<Void> firstToken = new CompletableFuture<>();
        long started = System.nanoTime();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        var handle = new java.util.concurrent.atomic.AtomicReference<dev.langchain4j.model.chat.response.StreamingHandle>();
        sink.open(request.requestId(), model.provider().id(), model.id());
        try {
            clients.streaming(model).chat(ChatRequestMapper.toLangChain4j(chat, model), new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                    handle.compareAndSet(null, context.streamingHandle());
                    if (done.isDone()) {
                        context.streamingHandle().cancel(); // given up on (timeout): stop writing
                        return;
                    }
                    firstToken.complete(null);
                    text.append(partial.text());
                    if (!sink.token(partial.text())) {
                        context.streamingHandle().cancel();
                        done.completeExceptionally(new ClientGoneException());
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    firstToken.complete(null);
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    firstToken.complete(null);
                    done.completeExceptionally(error);
                }
            });
            long started2 = System.nanoTime();
            firstToken.get(firstTokenTimeoutMs, TimeUnit.MILLISECONDS);
            long left = Math.max(1, totalTimeoutMs - Duration.ofNanos(System.nanoTime() - started2).toMillis());
            ChatResponse response = done.get(left, TimeUnit.MILLISECONDS);
            long elapsedMs = elapsedMillis(started);
            latency.record(model.id(), elapsedMs);
            String answer = response.aiMessage() != null && response.aiMessage().text() != null
                    ? response.aiMessage().text() : text.toString();
            return toResponse(request, model, answer, response, elapsedMs);
        } catch (ExecutionException e) {
            throw ProviderErrors.map(e.getCause(), model);
        } catch (java.util.concurrent.TimeoutException e) {
            done.completeExceptionally(e);
            var upstream = handle.get();
            if (upstream != null) {
                upstream.cancel();
            }
            throw ProviderErrors.map(e, model);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderErrors.map(e, model);
        } catch (RuntimeException e) {
            throw ProviderErrors.map(e, model);
        }
    }

    private GatewayResponse toResponse(GatewayRequest request, ModelProperties model, String text,
                                       ChatResponse response, long elapsedMs) {
        TokenUsage usage = usage(request.chat(), text, response);
        long cost = CostCalculator.costMicros(usage.inputTokens(), usage.outputTokens(),
                model.inputPricePer1m(), model.outputPricePer1m());
        return new GatewayResponse(request.requestId(), model.provider().id(), model.id(), text == null ? "" : text,
                ChatRequestMapper.finishReason(response.finishReason()), null, usage, cost, elapsedMs,
                request.receivedAt().getEpochSecond());
    }

    private TokenUsage usage(ChatRequest chat, String text, ChatResponse response) {
        var reported = response.tokenUsage();
        long in = reported != null && reported.inputTokenCount() != null ? reported.inputTokenCount() : tokens.count(chat.messages());
        long out = reported != null && reported.outputTokenCount() != null ? reported.outputTokenCount() : tokens.count(text);
        return new TokenUsage(in, out);
    }

    private static long elapsedMillis(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    /** The streaming caller disconnected; generation was cancelled. */
    static final class ClientGoneException extends GatewayException {
        ClientGoneException() {
            super(dev.caravan.gateway.ErrorKind.CLIENT_CLOSED, "The client closed the stream.");
        }
    }
}
