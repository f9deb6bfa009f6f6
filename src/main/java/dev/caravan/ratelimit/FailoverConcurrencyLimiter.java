package dev.caravan.ratelimit;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared (Redis) concurrency limiter, and what happens when Redis cannot be reached; the
 * same policy as {@link FailoverRateLimiter}, with the rate limits' {@code fail-open} and
 * {@code retry-interval}.
 *
 * <p><b>Fail open</b> (default): permits come from an in-memory stand-in with the same limits,
 * so each instance holds each limit by itself while Redis is away (N instances let up to N times
 * a limit through). A permit keeps to the limiter that issued it: one from the stand-in is
 * released there even after Redis is back. Until those finish, Redis does not see them, so just
 * after recovery up to the stand-in's permits more may run. <b>Fail closed</b>: every acquire is
 * refused ({@link ConcurrencyDecision.Outcome#UNAVAILABLE}, retry after {@code retryInterval}).
 *
 * <p>A failed Redis call marks Redis down (one warning, counter
 * {@code caravan.concurrency.redis.failures}, gauge {@code caravan.concurrency.degraded} = 1).
 * For {@code retryInterval} after that, acquires do not wait for Redis; then the next one tries
 * it (one at a time), and a success brings all back to Redis (one INFO line). Releases of Redis
 * permits are not sent while Redis is marked down, and a failed one is not retried: the lease
 * ends by itself ({@code lease-ttl}). Only Redis failures ({@link RedisException}) count; anything
 * else is a bug and is thrown.
 */
public final class FailoverConcurrencyLimiter implements ConcurrencyLimiter {

    private static final Logger log = LoggerFactory.getLogger(FailoverConcurrencyLimiter.class);

    static final String UNAVAILABLE_REASON = "the shared concurrency store is unreachable";

    private final ConcurrencyLimiter shared;
    private final ConcurrencyLimiter local;
    private final boolean failOpen;
    private final Duration retryInterval;
    private final RedisOutage outage;

    /**
     * @param shared        the Redis limiter
     * @param local         the stand-in while failing open (an {@link InMemoryConcurrencyLimiter} with the same limits)
     * @param failOpen      true: hold permits in this process while Redis is down; false: refuse
     * @param retryInterval how long Redis is left alone after a failure
     * @param where         the Redis URL, password masked, for the log
     */
    public FailoverConcurrencyLimiter(ConcurrencyLimiter shared, ConcurrencyLimiter local, boolean failOpen,
            Duration retryInterval, Clock clock, String where, MeterRegistry meters) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
        this.failOpen = failOpen;
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
        this.outage = new RedisOutage("Concurrency limits", "caravan.concurrency",
                failOpen ? "each instance holds the limits for itself (fail-open)"
                        : "requests are refused (fail-open: false)",
                retryInterval, clock, where, log, meters);
    }

    @Override
    public ConcurrencyDecision acquire(List<ConcurrencyKey> keys) {
        if (outage.tryRedis()) {
            try {
                ConcurrencyDecision decision = shared.acquire(keys);
                outage.succeeded();
                return decision;
            } catch (RedisException e) {
                outage.failed(e);
            }
        }
        return failOpen ? local.acquire(keys) : ConcurrencyDecision.unavailable(retryInterval, UNAVAILABLE_REASON);
    }

    @Override
    public void release(Permit permit) {
        onIssuer(permit, ConcurrencyLimiter::release);
    }

    @Override
    public void renew(Permit permit) {
        onIssuer(permit, ConcurrencyLimiter::renew);
    }

    /**
     * Runs a release or renewal on the limiter that issued the permit: the stand-in's at once;
     * Redis's unless it is marked down (the lease ends by itself), a failure marking it down.
     */
    private void onIssuer(Permit permit, BiConsumer<ConcurrencyLimiter, Permit> operation) {
        if (permit.isEmpty()) {
            return;
        }
        if (permit.issuedBy(local)) {
            operation.accept(local, permit);
            return;
        }
        if (outage.degraded()) {
            return;
        }
        try {
            operation.accept(shared, permit);
        } catch (RedisException e) {
            outage.failed(e);
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
