package dev.caravan.gateway;

import java.util.List;

/** Texts to embed, in order. */
public record EmbeddingRequest(List<String> inputs) implements RequestPayload {

    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
    }
}
