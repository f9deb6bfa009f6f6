package dev.caravan.gateway;

/** What a request asks the gateway to do. */
public sealed interface RequestPayload permits ChatRequest, EmbeddingRequest {

    default String kind() {
        return this instanceof ChatRequest ? "chat" : "embedding";
    }
}
