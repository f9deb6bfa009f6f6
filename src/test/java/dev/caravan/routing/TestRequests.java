package dev.caravan.routing;

import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestOptions;
import dev.caravan.gateway.RequestPayload;
import java.time.Instant;
import java.util.List;

/**
 * Builds {@link GatewayRequest}s for unit tests, so that a new record component needs one
 * change here rather than in every test.
 */
public final class TestRequests {

    private TestRequests() {
    }

    /** A one-message chat asking "hi". */
    public static ChatRequest chatPayload(boolean stream) {
        return new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, "hi", null)), null, null, null, null,
                null, null, null, null, null, stream, false);
    }

    public static GatewayRequest chat(String model) {
        return request("req_1", model, chatPayload(false), Caller.anonymous(), null, Instant.now());
    }

    public static GatewayRequest embedding(String model) {
        return request("req_1", model, new EmbeddingRequest(List.of("text")), Caller.anonymous(), null, Instant.now());
    }

    public static GatewayRequest request(String requestId, String model, RequestPayload payload, Caller caller,
                                         String task, Instant receivedAt) {
        return new GatewayRequest(requestId, Channel.REST, caller, task, model, payload, RequestOptions.NONE,
                receivedAt);
    }
}
