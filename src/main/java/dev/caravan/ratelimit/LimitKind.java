package dev.caravan.ratelimit;

import java.time.Duration;

/** What a bucket counts, and over which period its rate is given. */
public enum LimitKind {
    REQUESTS_PER_MINUTE("rpm", "requests per minute", Duration.ofMinutes(1), false),
    REQUESTS_PER_HOUR("rph", "requests per hour", Duration.ofHours(1), false),
    TOKENS_PER_MINUTE("tpm", "tokens per minute", Duration.ofMinutes(1), true);

    private final String suffix;
    private final String label;
    private final long periodMillis;
    private final boolean tokens;

    LimitKind(String suffix, String label, Duration period, boolean tokens) {
        this.suffix = suffix;
        this.label = label;
        this.periodMillis = period.toMillis();
        this.tokens = tokens;
    }

    /** {@code rpm}, {@code rph}, {@code tpm}: the last part of the bucket's Redis key. */
    public String suffix() {
        return suffix;
    }

    /** {@code requests per minute}: for messages. */
    public String label() {
        return label;
    }

    public long periodMillis() {
        return periodMillis;
    }

    /** Whether it counts tokens (the estimate, then corrected) rather than requests (one each). */
    public boolean countsTokens() {
        return tokens;
    }
}
