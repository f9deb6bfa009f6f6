package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiResponsesTest {

    private static final long CREATED = 1_700_000_000L;

    private final ObjectMapper json = new ObjectMapper();
    private final OpenAiResponses render = new OpenAiResponses(json);

    private JsonNode read(byte[] bytes) throws Exception {
        return json.readTree(bytes);
    }

    private static GatewayResponse chatResponse() {
        return new GatewayResponse("req_abc", "simulator", "sim-small", "Hello there", "stop", null,
                new TokenUsage(12, 5), 1_234, 87, CREATED);
    }

    private static GatewayResponse embeddingResponse(List<float[]> vectors) {
        return new GatewayResponse("req_emb", "in-process", "minilm", null, null, vectors,
                new TokenUsage(7, 0), 0, 3, CREATED);
    }

    @Test
    void should_render_the_openai_chat_completion_shape_when_given_a_chat_response() throws Exception {
        // when
        JsonNode root = read(render.chatCompletion(chatResponse()));

        // then
        assertThat(root.path("id").asText()).isEqualTo("chatcmpl-req_abc");
        assertThat(root.path("object").asText()).isEqualTo("chat.completion");
        assertThat(root.path("created").isIntegralNumber()).isTrue();
        assertThat(root.path("created").asLong()).isEqualTo(CREATED);
        assertThat(root.path("model").asText()).isEqualTo("sim-small");

        assertThat(root.path("choices").isArray()).isTrue();
        assertThat(root.path("choices")).hasSize(1);
        JsonNode choice = root.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello there");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.has("delta")).isFalse();

        JsonNode usage = root.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(12);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(5);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(17);

        JsonNode caravan = root.path("caravan");
        assertThat(caravan.path("request_id").asText()).isEqualTo("req_abc");
        assertThat(caravan.path("provider").asText()).isEqualTo("simulator");
        assertThat(caravan.path("model").asText()).isEqualTo("sim-small");
        assertThat(caravan.path("latency_ms").asLong()).isEqualTo(87);
        assertThat(caravan.path("cost_usd").asText()).isEqualTo("0.001234");
    }

    @Test
    void should_report_cost_with_six_decimals_when_cost_is_zero_or_whole_dollars() {
        assertThat(OpenAiResponses.costUsd(0)).isEqualTo("0.000000");
        assertThat(OpenAiResponses.costUsd(1)).isEqualTo("0.000001");
        assertThat(OpenAiResponses.costUsd(2_000_000)).isEqualTo("2.000000");
        assertThat(OpenAiResponses.costUsd(12_345_678)).isEqualTo("12.345678");
    }

    @Test
    void should_render_a_delta_and_a_null_finish_reason_when_rendering_a_content_chunk() throws Exception {
        // when
        JsonNode root = read(render.chunk("req_1", "sim-small", CREATED, null, "Hel", null));

        // then
        assertThat(root.path("id").asText()).isEqualTo("chatcmpl-req_1");
        assertThat(root.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(root.path("created").asLong()).isEqualTo(CREATED);
        assertThat(root.path("model").asText()).isEqualTo("sim-small");
        assertThat(root.has("usage")).isFalse();
        assertThat(root.has("caravan")).isFalse();

        JsonNode choice = root.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.has("message")).isFalse();
        assertThat(choice.path("delta").path("content").asText()).isEqualTo("Hel");
        assertThat(choice.path("delta").has("role")).isFalse();
        assertThat(choice.has("finish_reason")).as("finish_reason is present").isTrue();
        assertThat(choice.get("finish_reason").isNull()).isTrue();
    }

    @Test
    void should_carry_the_role_when_rendering_the_first_chunk() throws Exception {
        JsonNode delta = read(render.chunk("req_1", "m", CREATED, "assistant", "", null))
                .path("choices").get(0).path("delta");

        assertThat(delta.path("role").asText()).isEqualTo("assistant");
        assertThat(delta.path("content").asText()).isEmpty();
    }

    @Test
    void should_render_an_empty_delta_with_the_finish_reason_when_rendering_the_last_chunk() throws Exception {
        JsonNode choice = read(render.chunk("req_1", "m", CREATED, null, null, "length")).path("choices").get(0);

        assertThat(choice.path("delta").isObject()).isTrue();
        assertThat(choice.path("delta").size()).isZero();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void should_render_empty_choices_and_usage_when_rendering_the_usage_chunk() throws Exception {
        JsonNode root = read(render.usageChunk(chatResponse()));

        assertThat(root.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(root.path("id").asText()).isEqualTo("chatcmpl-req_abc");
        assertThat(root.path("choices").isArray()).isTrue();
        assertThat(root.path("choices")).isEmpty();
        assertThat(root.path("usage").path("prompt_tokens").asLong()).isEqualTo(12);
        assertThat(root.path("usage").path("completion_tokens").asLong()).isEqualTo(5);
        assertThat(root.path("usage").path("total_tokens").asLong()).isEqualTo(17);
        assertThat(root.path("caravan").path("cost_usd").asText()).isEqualTo("0.001234");
    }

    @Test
    void should_render_float_arrays_in_order_when_encoding_is_float() throws Exception {
        // given
        var response = embeddingResponse(List.of(new float[] {0.5f, -1.25f}, new float[] {3.0f}));

        // when
        JsonNode root = read(render.embeddings(response, false));

        // then
        assertThat(root.path("object").asText()).isEqualTo("list");
        assertThat(root.path("model").asText()).isEqualTo("minilm");
        JsonNode data = root.path("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0).path("object").asText()).isEqualTo("embedding");
        assertThat(data.get(0).path("index").asInt()).isZero();
        assertThat(data.get(1).path("index").asInt()).isEqualTo(1);
        assertThat(data.get(0).path("embedding").isArray()).isTrue();
        assertThat(floats(data.get(0).path("embedding"))).containsExactly(0.5f, -1.25f);
        assertThat(floats(data.get(1).path("embedding"))).containsExactly(3.0f);
        assertThat(root.path("usage").path("prompt_tokens").asLong()).isEqualTo(7);
        assertThat(root.path("usage").path("total_tokens").asLong()).isEqualTo(7);
        assertThat(root.path("usage").has("completion_tokens")).isFalse();
        assertThat(root.path("caravan").path("request_id").asText()).isEqualTo("req_emb");
        assertThat(root.path("caravan").path("cost_usd").asText()).isEqualTo("0.000000");
    }

    @Test
    void should_encode_little_endian_float32_when_encoding_is_base64() throws Exception {
        // given
        float[] vector = {0.1f, -2.5f, Float.MIN_VALUE, 1e30f};
        var response = embeddingResponse(List.of(vector));

        // when
        JsonNode embedding = read(render.embeddings(response, true)).path("data").get(0).path("embedding");

        // then
        assertThat(embedding.isTextual()).isTrue();
        byte[] bytes = Base64.getDecoder().decode(embedding.asText());
        assertThat(bytes).hasSize(vector.length * Float.BYTES);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[vector.length];
        for (int i = 0; i < decoded.length; i++) {
            decoded[i] = buffer.getFloat();
        }
        assertThat(decoded).containsExactly(vector);
    }

    @Test
    void should_render_an_empty_data_list_when_there_are_no_embeddings() throws Exception {
        JsonNode root = read(render.embeddings(embeddingResponse(List.of()), false));

        assertThat(root.path("data").isArray()).isTrue();
        assertThat(root.path("data")).isEmpty();
    }

    @Test
    void should_always_render_message_type_param_and_code_when_rendering_an_error() throws Exception {
        // when
        JsonNode error = read(render.error(GatewayException.invalid("'model' is required.", null))).path("error");

        // then
        assertThat(error.path("message").asText()).isEqualTo("'model' is required.");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_request");
        assertThat(error.has("param")).as("param key present").isTrue();
        assertThat(error.get("param").isNull()).isTrue();
    }

    @Test
    void should_render_the_param_and_kind_when_the_error_names_a_parameter() throws Exception {
        JsonNode error = read(render.error(
                new GatewayException(ErrorKind.PROVIDER_RATE_LIMITED, "slow down", "model"))).path("error");

        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").asText()).isEqualTo("provider_rate_limited");
    }

    @Test
    void should_render_null_message_as_a_key_when_the_error_has_no_message() throws Exception {
        JsonNode error = read(render.error(ErrorKind.INTERNAL, null, null)).path("error");

        assertThat(error.fieldNames()).toIterable().containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(error.get("message").isNull()).isTrue();
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("code").asText()).isEqualTo("internal_error");
    }

    private static List<Float> floats(JsonNode array) {
        List<Float> values = new ArrayList<>();
        array.forEach(n -> values.add(n.floatValue()));
        return values;
    }
}
