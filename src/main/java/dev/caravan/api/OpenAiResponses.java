package dev.caravan.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.TokenUsage;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Renders Caravan's results in OpenAI's wire format. Every reply also carries a {@code caravan}
 * object with the request id, provider, model, latency and cost, so that JMS and file callers
 * see what REST callers see in the {@code x-caravan-*} headers; OpenAI clients ignore it.
 */
@org.springframework.stereotype.Component
public class OpenAiResponses {

    private final ObjectMapper json;

    public OpenAiResponses(ObjectMapper json) {
        this.json = json;
    }

    public byte[] chatCompletion(GatewayResponse response) {
        var message = new Message("assistant", response.text());
        var choice = new Choice(0, message, null, response.finishReason());
        return write(new ChatCompletion(completionId(response), "chat.completion", response.createdEpochSeconds(),
                response.model(), List.of(choice), usage(response.usage()), metadata(response)));
    }

    /** One streamed chunk carrying a piece of content (or the role, for the first chunk). */
    public byte[] chunk(String requestId, String model, long created, String role, String content, String finishReason) {
        var delta = new Message(role, content);
        var choice = new Choice(0, null, delta, finishReason);
        return write(new ChatCompletion(completionId(requestId), "chat.completion.chunk", created, model,
                List.of(choice), null, null));
    }

    /** The last chunk when the caller asked for {@code stream_options.include_usage}. */
    public byte[] usageChunk(GatewayResponse response) {
        return write(new ChatCompletion(completionId(response), "chat.completion.chunk", response.createdEpochSeconds(),
                response.model(), List.of(), usage(response.usage()), metadata(response)));
    }

    public byte[] embeddings(GatewayResponse response, boolean base64) {
        List<EmbeddingData> data = new ArrayList<>(response.embeddings().size());
        for (int i = 0; i < response.embeddings().size(); i++) {
            float[] vector = response.embeddings().get(i);
            data.add(new EmbeddingData("embedding", i, base64 ? encodeBase64(vector) : vector));
        }
        long prompt = response.usage().inputTokens();
        return write(new EmbeddingList("list", data, response.model(), new Usage(prompt, null, prompt),
                metadata(response)));
    }

    public byte[] error(GatewayException failure) {
        return error(failure.kind(), failure.getMessage(), failure.param());
    }

    public byte[] error(ErrorKind kind, String message, String param) {
        return write(new ErrorEnvelope(new ErrorBody(message, kind.type(), param, kind.code())));
    }

    public byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }

    public static String costUsd(long costMicros) {
        return BigDecimal.valueOf(costMicros, 6).toPlainString();
    }

    private static String completionId(GatewayResponse response) {
        return completionId(response.requestId());
    }

    private static String completionId(String requestId) {
        return "chatcmpl-" + requestId;
    }

    private static Usage usage(TokenUsage usage) {
        return new Usage(usage.inputTokens(), usage.outputTokens(), usage.total());
    }

    private static Metadata metadata(GatewayResponse response) {
        return new Metadata(response.requestId(), response.provider(), response.model(), response.latencyMs(),
                costUsd(response.costMicros()));
    }

    private static String encodeBase64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
                          Metadata caravan) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Choice(int index, Message message, Message delta,
                  @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(String role, String content) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Usage(@JsonProperty("prompt_tokens") long promptTokens,
                 @JsonProperty("completion_tokens") Long completionTokens,
                 @JsonProperty("total_tokens") long totalTokens) {
    }

    record Metadata(@JsonProperty("request_id") String requestId, String provider, String model,
                    @JsonProperty("latency_ms") long latencyMs, @JsonProperty("cost_usd") String costUsd) {
    }

    record EmbeddingData(String object, int index, Object embedding) {
    }

    record EmbeddingList(String object, List<EmbeddingData> data, String model, Usage usage, Metadata caravan) {
    }

    record ErrorEnvelope(ErrorBody error) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ErrorBody(String message, String type, String param, String code) {
    }
}
