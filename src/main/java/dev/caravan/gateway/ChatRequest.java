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

    /** The same request with other message texts (after redaction), everything else unchanged. */
    public ChatRequest withContents(List<String> contents) {
        List<ChatMessage> replaced = new java.util.ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            replaced.add(new ChatMessage(m.role(), contents.get(i), m.name()));
        }
        return new ChatRequest(replaced, temperature, topP, maxTokens, stop, seed, presencePenalty, frequencyPenalty,
                responseFormat, user, stream, includeUsage);
    }

    /** The same request answered in one piece (channels that cannot stream). */
    /** The same request answering in at most {@code limit} tokens. */
    public ChatRequest withMaxTokens(int limit) {
        return new ChatRequest(messages, temperature, topP, limit, stop, seed, presencePenalty, frequencyPenalty,
                responseFormat, user, stream, includeUsage);
    }

    public ChatRequest withoutStreaming() {
        return stream ? new ChatRequest(messages, temperature, topP, maxTokens, stop, seed, presencePenalty,
                frequencyPenalty, responseFormat, user, false, false) : this;
    }
}
