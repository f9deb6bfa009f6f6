package dev.caravan.ratelimit;

import java.util.Objects;

/**
 * One token bucket: {@code rate} per {@link LimitKind#periodMillis() period}, refilled
 * continuously, holding at most {@code capacity} ({@code rate} plus the burst allowance). A full
 * bucket lets {@code capacity} through at once; after that, {@code rate} per period.
 */
public record Limit(LimitKey key, LimitKind kind, long rate, long capacity) {

    /** Upper bound of a rate and of a burst: keeps every amount the buckets compute exact (below 2^53). */
    public static final long MAX_RATE = 1_000_000_000L;

    public Limit {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        if (rate < 1 || rate > MAX_RATE) {
            throw new IllegalArgumentException(kind.label() + " must be between 1 and " + MAX_RATE + ": " + rate);
        }
        if (capacity < rate || capacity > 2 * MAX_RATE) {
            throw new IllegalArgumentException("capacity must be between the rate and twice " + MAX_RATE + ": " + capacity);
        }
    }

    /** {@code <prefix>tenant:acme:rpm}; unambiguous because scope and suffix come from closed sets. */
    String redisKey(String prefix) {
        return prefix + key.scope().id() + ':' + key.name() + ':' + kind.suffix();
    }
}
