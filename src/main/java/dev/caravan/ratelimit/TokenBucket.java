package dev.caravan.ratelimit;

/**
 * The token-bucket arithmetic, shared by {@link InMemoryRateLimiter} and mirrored step by step in
 * {@code token-buckets.lua} for {@link RedisRateLimiter}, so that both decide alike (one contract
 * test runs against both).
 *
 * <p>Amounts are kept in <em>units</em>: one token (or request) is {@code periodMillis} units, and a
 * bucket refills {@code rate} units per millisecond. Everything is then an integer, exact in a
 * {@code long} here and in Lua's doubles there (below 2^53 thanks to {@link Limit#MAX_RATE}), so
 * no rounding lets a request through early or holds one back.
 *
 * <p>The level may drop below zero, down to minus the capacity, when {@code adjustTokens} charges
 * more than was estimated: the debt is paid back before anything else passes.
 */
final class TokenBucket {

    private TokenBucket() {
    }

    static long units(long amount, Limit limit) {
        return amount * limit.kind().periodMillis();
    }

    static long capacityUnits(Limit limit) {
        return units(limit.capacity(), limit);
    }

    /**
     * The level at {@code now}: {@code min(capacity, available + elapsed * rate)}; a clock that went
     * back refills nothing, and a capacity lowered by configuration caps a fuller bucket.
     */
    static long refill(long available, long updatedAt, long now, Limit limit) {
        long capacity = capacityUnits(limit);
        if (available >= capacity) {
            return capacity;
        }
        long elapsed = Math.max(0, now - updatedAt);
        return elapsed >= ceilDiv(capacity - available, limit.rate()) ? capacity : available + elapsed * limit.rate();
    }

    /** Whole tokens (or requests) available: never negative. */
    static long remaining(long available, Limit limit) {
        return available <= 0 ? 0 : available / limit.kind().periodMillis();
    }

    /** Milliseconds until the bucket is full again. */
    static long resetMillis(long available, Limit limit) {
        return Math.max(0, ceilDiv(capacityUnits(limit) - available, limit.rate()));
    }

    /** Milliseconds until {@code cost} (in units) is available: 0 when it is now. */
    static long retryMillis(long available, long cost, Limit limit) {
        return available >= cost ? 0 : ceilDiv(cost - available, limit.rate());
    }

    /** Consumes {@code cost} units (a negative cost gives back), keeping the level within ±capacity. */
    static long consume(long available, long cost, Limit limit) {
        long capacity = capacityUnits(limit);
        return Math.max(-capacity, Math.min(capacity, available - cost));
    }

    /**
     * A correction kept within twice the capacity: from any level within ±capacity that already
     * reaches the bound, and it keeps {@code units()} far from overflow.
     */
    static long clampedDelta(long delta, Limit limit) {
        long bound = 2 * limit.capacity();
        return Math.max(-bound, Math.min(bound, delta));
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
