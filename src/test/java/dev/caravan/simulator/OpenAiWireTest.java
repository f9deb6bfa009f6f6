package dev.caravan.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_read_string_and_text_part_contents_when_parsing_a_request() {
        // given
        byte[] body = body("""
                {"model":"sim-small","stream":true,"stream_options":{"include_usage":true},"max_tokens":7,
                 "messages":[
                   {"role":"system","content":"Be kind."},
                   {"role":"user","content":[{"type":"text","text":"Hello"},
                                             {"type":"image_url","image_url":{"url":"http://x/y.png"}},
                                             {"type":"text","text":"there"}]},
                   {"role":"assistant","content":null,"tool_calls":[]}
                 ]}""");

        // when
        ChatCompletionRequest request = OpenAiWire.parseChatRequest(body);

        // then
        assertThat(request.model()).isEqualTo("sim-small");
        assertThat(request.messages()).containsExactly(
                new PromptMessage("system", "Be kind."),
                new PromptMessage("user", "Hello\nthere"),
                new PromptMessage("assistant", ""));
        assertThat(request.maxTokens()).isEqualTo(7);
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
    }

    @Test
    void should_prefer_max_completion_tokens_when_both_limits_are_given() {
        // when
        ChatCompletionRequest request = OpenAiWire.parseChatRequest(body("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":50,"max_completion_tokens":5}"""));

        // then
        assertThat(request.maxTokens()).isEqualTo(5);
        assertThat(request.stream()).isFalse();
        assertThat(request.includeUsage()).isFalse();
    }

    @Test
    void should_fail_with_400_invalid_json_when_body_is_malformed() {
        for (String bad : List.of("", "{", "[]", "\"text\"", "{\"model\":")) {
            assertThatThrownBy(() -> OpenAiWire.parseChatRequest(body(bad)))
                    .isInstanceOfSatisfying(SimulatorApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.type()).isEqualTo("invalid_request_error");
                        assertThat(e.code()).isEqualTo("invalid_json");
                    });
        }
    }

    @Test
    void should_fail_with_400_naming_the_parameter_when_request_is_invalid() {
        assertParam("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
        assertParam("{\"model\":\"m\"}", "messages");
        assertParam("{\"model\":\"m\",\"messages\":[]}", "messages");
        assertParam("{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}", "messages[0].role");
        assertParam("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content");
        assertParam("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}", "max_tokens");
        assertParam("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", "stream");
    }

    private static void assertParam(String json, String param) {
        assertThatThrownBy(() -> OpenAiWire.parseChatRequest(body(json)))
                .as(json)
                .isInstanceOfSatisfying(SimulatorApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                });
    }

    @Test
    void should_write_openai_shapes_when_rendering_answers() throws Exception {
        // given
        SimulatedCompletion completion = new SimulatedCompletion("[sim] Hi.", List.of("[", "sim", "]", " Hi", "."), 11, 5, "stop");

        // when
        JsonNode whole = OpenAiWire.completion("chatcmpl-1", 42, "sim", completion);
        String event = new String(OpenAiWire.event(OpenAiWire.contentChunk("chatcmpl-1", 42, "sim", " Hi")), StandardCharsets.UTF_8);
        JsonNode usageChunk = OpenAiWire.usageChunk("chatcmpl-1", 42, "sim", completion);

        // then
        assertThat(whole.get("object").asText()).isEqualTo("chat.completion");
        assertThat(whole.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(whole.at("/choices/0/message/content").asText()).isEqualTo("[sim] Hi.");
        assertThat(whole.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(whole.at("/usage/total_tokens").asInt()).isEqualTo(16);
        assertThat(event).startsWith("data: {").endsWith("}\n\n");
        JsonNode chunk = JSON.readTree(event.substring(6));
        assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(chunk.at("/choices/0/delta/content").asText()).isEqualTo(" Hi");
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(5);
        assertThat(new String(OpenAiWire.doneEvent(), StandardCharsets.US_ASCII)).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void should_write_all_four_error_fields_when_rendering_an_error() {
        // when
        JsonNode error = OpenAiWire.error(SimulatorApiException.badRequest("bad", null, "invalid_json")).get("error");

        // then
        assertThat(error.get("message").asText()).isEqualTo("bad");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("code").asText()).isEqualTo("invalid_json");
    }
}
