package dev.caravan.gateway;

import java.util.List;

/**
 * A validated, provider-neutral chat request. Nullable parameters mean "provider default".
 * {@code responseFormat} is {@code text} or {@code json_object}.
 */
public record ChatRequest(
        List<ChatMessage> messages,
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty,
        String responseFormat,
        String user,
        boolean stream,
        boolean includeUsage) implements RequestPayload {

    public ChatRequest {
        messages = List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** The same request answered in one piece (channels that cannot stream). */
    public ChatRequest withoutStreaming() {
        return stream ? new ChatRequest(messages, temperature, topP, maxTokens, stop, seed, presencePenalty,
                frequencyPenalty, responseFormat, user, false, false) : this;
    }
}
