package dev.caravan.ratelimit;

import dev.caravan.ratelimit.Decision.BucketState;
import dev.caravan.ratelimit.Decision.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Token buckets in this process: the limiter when no Redis is configured, and the stand-in while
 * Redis is unreachable and {@code fail-open} is set (then each instance counts for itself).
 *
 * <p>One lock covers every bucket, which makes a check all-or-nothing across its keys without
 * ordering locks; it is held for a few map lookups and no I/O, microseconds against the seconds a
 * model takes, so it does not limit throughput. Time is the injected clock's, in milliseconds; a
 * clock going back refills nothing. Buckets that have refilled completely are dropped (a full
 * bucket and a missing one behave alike), on write and in a sweep once a minute, so memory follows
 * the callers active in the last hour at most.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    private static final long SWEEP_INTERVAL_MILLIS = 60_000;

    private record BucketId(LimitKey key, LimitKind kind) {
    }

    private static final class Bucket {
        final Limit limit;
        final long available;
        final long updatedAt;

        Bucket(Limit limit, long available, long updatedAt) {
            this.limit = limit;
            this.available = available;
            this.updatedAt = updatedAt;
        }
    }

    private final RateLimitRules rules;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<BucketId, Bucket> buckets = new HashMap<>();
    private long lastSweep;

    public InMemoryRateLimiter(RateLimitRules rules, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastSweep = clock.millis();
    }

    @Override
    public Decision check(List<LimitKey> keys, long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        List<Limit> limits = rules.limitsFor(keys);
        if (limits.isEmpty()) {
            return Decision.unlimited();
        }
        int n = limits.size();
        long[] available = new long[n];
        long[] cost = new long[n];
        List<BucketState> states = new ArrayList<>(n);
        Outcome outcome = Outcome.ALLOWED;
        synchronized (lock) {
            long now = clock.millis();
            sweepIfDue(now);
            for (int i = 0; i < n; i++) {
                Limit limit = limits.get(i);
                long amount = limit.kind().countsTokens() ? tokens : 1;
                available[i] = levelAt(limit, now);
                if (amount > limit.capacity()) {
                    outcome = Outcome.TOO_LARGE;
                    cost[i] = -1;
                } else {
                    cost[i] = TokenBucket.units(amount, limit);
                    if (available[i] < cost[i] && outcome == Outcome.ALLOWED) {
                        outcome = Outcome.LIMITED;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                Limit limit = limits.get(i);
                long level = available[i];
                long retry = cost[i] < 0 ? -1 : TokenBucket.retryMillis(level, cost[i], limit);
                if (outcome == Outcome.ALLOWED) {
                    level = store(limit, TokenBucket.consume(level, cost[i], limit), now);
                    retry = 0;
                }
                states.add(new BucketState(TokenBucket.remaining(level, limit), TokenBucket.resetMillis(level, limit), retry));
            }
        }
        return Decision.of(outcome, limits, states, tokens);
    }

    @Override
    public void adjustTokens(List<LimitKey> keys, long delta) {
        if (delta == 0) {
            return;
        }
        List<Limit> limits = rules.limitsFor(keys);
        synchronized (lock) {
            long now = clock.millis();
            for (Limit limit : limits) {
                if (limit.kind().countsTokens()) {
                    long cost = TokenBucket.units(TokenBucket.clampedDelta(delta, limit), limit);
                    store(limit, TokenBucket.consume(levelAt(limit, now), cost, limit), now);
                }
            }
        }
    }

    /** Buckets held (those not full): for tests and diagnostics. */
    int size() {
        synchronized (lock) {
            return buckets.size();
        }
    }

    private long levelAt(Limit limit, long now) {
        Bucket bucket = buckets.get(new BucketId(limit.key(), limit.kind()));
        return bucket == null
                ? TokenBucket.capacityUnits(limit)
                : TokenBucket.refill(bucket.available, bucket.updatedAt, now, limit);
    }

    /** Stores the level as of {@code now} (or later, if the clock went back); a full bucket is dropped. */
    private long store(Limit limit, long level, long now) {
        BucketId id = new BucketId(limit.key(), limit.kind());
        if (TokenBucket.resetMillis(level, limit) == 0) {
            buckets.remove(id);
        } else {
            Bucket old = buckets.get(id);
            buckets.put(id, new Bucket(limit, level, old == null ? now : Math.max(old.updatedAt, now)));
        }
        return level;
    }

    private void sweepIfDue(long now) {
        if (now - lastSweep < SWEEP_INTERVAL_MILLIS) {
            return;
        }
        lastSweep = now;
        buckets.values().removeIf(b -> TokenBucket.refill(b.available, b.updatedAt, now, b.limit)
                >= TokenBucket.capacityUnits(b.limit));
    }
}
