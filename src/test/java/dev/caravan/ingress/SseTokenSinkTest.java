package dev.caravan.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.OpenAiResponses;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenUsage;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class SseTokenSinkTest {

    private static final long CREATED = 1_700_000_000L;

    private final ObjectMapper json = new ObjectMapper();
    private final OpenAiResponses render = new OpenAiResponses(json);
    private final MockHttpServletResponse http = new MockHttpServletResponse();

    private SseTokenSink sink(boolean includeUsage) {
        var sink = new SseTokenSink(http, render, includeUsage, CREATED, Map::of);
        sink.open("req_1", "simulator", "sim-small");
        return sink;
    }

    private static GatewayResponse response() {
        return new GatewayResponse("req_1", "simulator", "sim-small", "Hello", "stop", null, new TokenUsage(3, 2),
                1_500, 40, CREATED);
    }

    /** The events written so far, each the text after {@code data: }, in order. */
    private List<String> events() throws Exception {
        String body = http.getContentAsString();
        assertThat(body).as("every event ends with a blank line").endsWith("\n\n");
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            assertThat(block).startsWith("data: ");
            events.add(block.substring("data: ".length()));
        }
        return events;
    }

    private JsonNode parse(String event) throws Exception {
        return json.readTree(event);
    }

    @Test
    void should_not_commit_when_no_token_has_arrived_yet() {
        // when
        var sink = sink(false);

        // then
        assertThat(sink.committed()).isFalse();
        assertThat(http.isCommitted()).isFalse();
        assertThat(http.getContentType()).isNull();
        assertThat(http.getContentAsByteArray()).isEmpty();
    }

    @Test
    void should_not_commit_when_an_empty_token_arrives() {
        var sink = sink(false);

        assertThat(sink.token("")).isTrue();
        assertThat(sink.token(null)).isTrue();
        assertThat(sink.committed()).isFalse();
        assertThat(http.getContentAsByteArray()).isEmpty();
    }

    @Test
    void should_commit_with_sse_headers_and_send_the_role_first_when_the_first_token_arrives() throws Exception {
        // given
        var sink = sink(false);

        // when
        boolean accepted = sink.token("Hel");

        // then
        assertThat(accepted).isTrue();
        assertThat(sink.committed()).isTrue();
        assertThat(http.getStatus()).isEqualTo(200);
        assertThat(http.getContentType()).startsWith("text/event-stream");
        assertThat(http.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(http.getHeader("x-caravan-request-id")).isEqualTo("req_1");
        assertThat(http.getHeader("x-caravan-provider")).isEqualTo("simulator");
        assertThat(http.getHeader("x-caravan-model")).isEqualTo("sim-small");
        assertThat(http.isCommitted()).as("flushed to the client").isTrue();

        List<String> events = events();
        assertThat(events).hasSize(2);
        JsonNode role = parse(events.get(0));
        assertThat(role.path("id").asText()).isEqualTo("chatcmpl-req_1");
        assertThat(role.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(role.path("created").asLong()).isEqualTo(CREATED);
        assertThat(role.path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        JsonNode content = parse(events.get(1));
        assertThat(content.path("choices").get(0).path("delta").path("content").asText()).isEqualTo("Hel");
        assertThat(content.path("choices").get(0).get("finish_reason").isNull()).isTrue();
    }

    @Test
    void should_send_the_role_only_once_when_several_tokens_arrive() throws Exception {
        var sink = sink(false);

        sink.token("Hel");
        sink.token("lo");

        List<String> events = events();
        assertThat(events).hasSize(3);
        assertThat(events.stream().filter(e -> e.contains("\"role\"")).count()).isEqualTo(1);
        assertThat(parse(events.get(2)).path("choices").get(0).path("delta").path("content").asText()).isEqualTo("lo");
    }

    @Test
    void should_write_finish_chunk_and_done_without_usage_when_usage_was_not_asked_for() throws Exception {
        // given
        var sink = sink(false);
        sink.token("Hello");

        // when
        sink.complete(response());

        // then
        List<String> events = events();
        assertThat(events).hasSize(4);
        JsonNode finish = parse(events.get(2));
        assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(finish.has("usage")).isFalse();
        assertThat(events.get(3)).isEqualTo("[DONE]");
        assertThat(http.getContentAsString()).doesNotContain("\"usage\"");
    }

    @Test
    void should_write_a_usage_chunk_before_done_when_usage_was_asked_for() throws Exception {
        var sink = sink(true);
        sink.token("Hello");

        sink.complete(response());

        List<String> events = events();
        assertThat(events).hasSize(5);
        JsonNode usage = parse(events.get(3));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("prompt_tokens").asLong()).isEqualTo(3);
        assertThat(usage.path("usage").path("completion_tokens").asLong()).isEqualTo(2);
        assertThat(usage.path("usage").path("total_tokens").asLong()).isEqualTo(5);
        assertThat(events.get(4)).isEqualTo("[DONE]");
    }

    @Test
    void should_still_produce_a_valid_stream_when_completing_without_any_token() throws Exception {
        // given
        var sink = sink(true);

        // when
        sink.complete(response());

        // then
        assertThat(sink.committed()).isTrue();
        assertThat(http.getStatus()).isEqualTo(200);
        assertThat(http.getContentType()).startsWith("text/event-stream");
        List<String> events = events();
        assertThat(events).hasSize(4);
        assertThat(parse(events.get(0)).path("choices").get(0).path("delta").path("role").asText())
                .isEqualTo("assistant");
        assertThat(parse(events.get(1)).path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(parse(events.get(2)).has("usage")).isTrue();
        assertThat(events.get(3)).isEqualTo("[DONE]");
    }

    @Test
    void should_write_an_error_event_then_done_when_failing_after_commit() throws Exception {
        // given
        var sink = sink(false);
        sink.token("Hel");

        // when
        sink.fail(new GatewayException(ErrorKind.PROVIDER_TIMEOUT, "Provider simulator did not answer in time."));

        // then
        List<String> events = events();
        assertThat(events).hasSize(4);
        JsonNode error = parse(events.get(2)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("provider_timeout");
        assertThat(error.path("message").asText()).contains("did not answer in time");
        assertThat(events.get(3)).isEqualTo("[DONE]");
    }

    @Test
    void should_write_nothing_when_failing_before_commit() {
        // the caller still gets an ordinary JSON error in that case
        var sink = sink(false);

        sink.fail(GatewayException.invalid("bad", null));

        assertThat(sink.committed()).isFalse();
        assertThat(http.isCommitted()).isFalse();
        assertThat(http.getContentAsByteArray()).isEmpty();
    }

    @Test
    void should_report_the_client_gone_when_writing_fails() {
        // given
        var broken = new BrokenResponse();
        var sink = new SseTokenSink(broken, render, true, CREATED, Map::of);
        sink.open("req_1", "simulator", "sim-small");

        // when
        boolean first = sink.token("Hel");
        boolean second = sink.token("lo");

        // then
        assertThat(first).isFalse();
        assertThat(second).isFalse();
        assertThat(broken.writes).as("stops writing once the client is gone").isEqualTo(1);
        sink.complete(response());
        sink.fail(GatewayException.invalid("late", null));
        assertThat(broken.writes).isEqualTo(1);
    }

    @Test
    void should_report_the_client_gone_when_the_output_stream_cannot_be_opened() {
        var response = new MockHttpServletResponse() {
            @Override
            public ServletOutputStream getOutputStream() {
                throw new IllegalStateException("getWriter() has already been called");
            }
        };
        var sink = new SseTokenSink(response, render, false, CREATED, Map::of);
        sink.open("req_1", "simulator", "sim-small");

        assertThat(sink.token("Hel")).isFalse();
        assertThat(sink.token("lo")).isFalse();
    }

    @Test
    void should_report_an_empty_token_as_not_accepted_when_the_client_is_gone() {
        var sink = new SseTokenSink(new BrokenResponse(), render, false, CREATED, Map::of);
        sink.open("req_1", "simulator", "sim-small");
        sink.token("Hel");

        assertThat(sink.token("")).isFalse();
    }

    /** A response whose client has disconnected: every write fails. */
    private static final class BrokenResponse extends MockHttpServletResponse {

        int writes;

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    writes++;
                    throw new IOException("Broken pipe");
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writes++;
                    throw new IOException("Broken pipe");
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
        }
    }
}
