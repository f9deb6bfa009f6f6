package dev.caravan.ratelimit;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared (Redis) limiter, and what happens when Redis cannot be reached.
 *
 * <p><b>Fail open</b> (default): requests are counted by an in-memory stand-in with the same
 * rules, so each instance enforces the limits by itself while Redis is away: N instances let up
 * to N times a limit through, but a runaway caller is still held back, which no limits at all
 * would not do. Counts taken during the outage stay in this process; Redis's counts resume when
 * it is back. <b>Fail closed</b>: every request is refused ({@link Decision.Outcome#UNAVAILABLE},
 * retry after {@code retryInterval}), for deployments where an unenforced limit costs more than
 * an outage.
 *
 * <p>A failed Redis call marks Redis down (one warning, counter
 * {@code caravan.ratelimit.redis.failures}, gauge {@code caravan.ratelimit.degraded} = 1). For
 * {@code retryInterval} after that, requests do not wait for Redis at all; then the next request
 * tries it (one at a time), and a success brings every request back to Redis (one INFO line). No
 * background thread: with no traffic there is nothing to limit.
 *
 * <p>Only Redis failures ({@link RedisException}: refused connection, timeout, error reply) count;
 * anything else is a bug and is thrown.
 */
public final class FailoverRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(FailoverRateLimiter.class);

    static final String UNAVAILABLE_REASON = "the shared rate-limit store is unreachable";

    private final RateLimiter shared;
    private final RateLimiter local;
    private final boolean failOpen;
    private final Duration retryInterval;
    private final RedisOutage outage;

    /**
     * @param shared        the Redis limiter
     * @param local         the stand-in while failing open (an {@link InMemoryRateLimiter} with the same rules)
     * @param failOpen      true: count in this process while Redis is down; false: refuse
     * @param retryInterval how long Redis is left alone after a failure
     * @param where         the Redis URL, password masked, for the log
     */
    public FailoverRateLimiter(RateLimiter shared, RateLimiter local, boolean failOpen, Duration retryInterval,
            Clock clock, String where, MeterRegistry meters) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
        this.failOpen = failOpen;
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
        this.outage = new RedisOutage("Rate limits", "caravan.ratelimit",
                failOpen ? "each instance counts for itself (fail-open)" : "requests are refused (fail-open: false)",
                retryInterval, clock, where, log, meters);
    }

    @Override
    public Decision check(List<LimitKey> keys, long tokens) {
        if (outage.tryRedis()) {
            try {
                Decision decision = shared.check(keys, tokens);
                outage.succeeded();
                return decision;
            } catch (RedisException e) {
                outage.failed(e);
            }
        }
        return failOpen ? local.check(keys, tokens) : Decision.unavailable(retryInterval, UNAVAILABLE_REASON);
    }

    @Override
    public void adjustTokens(List<LimitKey> keys, long delta) {
        if (outage.tryRedis()) {
            try {
                shared.adjustTokens(keys, delta);
                outage.succeeded();
                return;
            } catch (RedisException e) {
                outage.failed(e);
            }
        }
        if (failOpen) {
            local.adjustTokens(keys, delta);
        }
    }

    /** True from a Redis failure until Redis answers again. */
    public boolean degraded() {
        return outage.degraded();
    }

    @Override
    public void close() {
        try {
            shared.close();
        } finally {
            local.close();
        }
    }
}
