package dev.caravan.gateway;

import java.time.Instant;
import java.util.UUID;

/**
 * The one transport-neutral request every ingress produces and the pipeline consumes.
 *
 * @param model the model or virtual model the caller asked for ({@code auto}, {@code cheap}, …)
 * @param task  the process dimension (e.g. {@code flashcards}); null when not named
 */
public record GatewayRequest(
        String requestId,
        Channel channel,
        Caller caller,
        String task,
        String model,
        RequestPayload payload,
        Instant receivedAt) {

    public static String newRequestId() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }

    public ChatRequest chat() {
        return (ChatRequest) payload;
    }

    public boolean streaming() {
        return payload instanceof ChatRequest c && c.stream();
    }
}
