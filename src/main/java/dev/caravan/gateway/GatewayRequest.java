package dev.caravan.gateway;

import java.time.Instant;
import java.util.UUID;

/**
 * The one transport-neutral request every ingress produces and the pipeline consumes.
 *
 * @param model the model or virtual model the caller asked for ({@code auto}, {@code cheap}, …)
 * @param task  the process dimension (e.g. {@code flashcards}); null when not named
 * @param options the caller's routing preferences (and later cache controls)
 */
public record GatewayRequest(
        String requestId,
        Channel channel,
        Caller caller,
        String task,
        String model,
        RequestPayload payload,
        RequestOptions options,
        Instant receivedAt) {

    public GatewayRequest {
        options = options == null ? RequestOptions.NONE : options;
    }

    public static String newRequestId() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }

    public GatewayRequest withPayload(RequestPayload other) {
        return new GatewayRequest(requestId, channel, caller, task, model, other, options, receivedAt);
    }

    /** Every text the request would send to a model, in order: message contents or embedding inputs. */
    public java.util.List<String> texts() {
        return payload instanceof ChatRequest c
                ? c.messages().stream().map(ChatMessage::content).toList()
                : ((EmbeddingRequest) payload).inputs();
    }

    public ChatRequest chat() {
        return (ChatRequest) payload;
    }

    public boolean streaming() {
        return payload instanceof ChatRequest c && c.stream();
    }
}
