package dev.caravan.gateway;

/** Tokens in and out as reported by the provider (or counted, when it reports none). */
public record TokenUsage(long inputTokens, long outputTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public long total() {
        return inputTokens + outputTokens;
    }
}
