package dev.caravan.gateway;

import java.util.List;

/**
 * What the pipeline answered: a chat completion or a list of embeddings, with the facts every
 * channel reports back (provider, model, cost, latency).
 *
 * @param text         the assistant's answer (chat); null for embeddings
 * @param embeddings   one vector per input (embeddings); empty for chat
 * @param finishReason OpenAI's finish reason: stop, length, content_filter, tool_calls
 */
public record GatewayResponse(
        String requestId,
        String provider,
        String model,
        String text,
        String finishReason,
        List<float[]> embeddings,
        TokenUsage usage,
        long costMicros,
        long latencyMs,
        long createdEpochSeconds) {

    public GatewayResponse {
        embeddings = embeddings == null ? List.of() : embeddings;
    }
}
