package dev.caravan.ratelimit;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    private final Clock clock;
    private final String where;
    private final Counter failures;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicLong nextAttemptAt = new AtomicLong();
    private volatile long downSince;

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
        this.clock = Objects.requireNonNull(clock, "clock");
        this.where = Objects.requireNonNull(where, "where");
        Gauge.builder("caravan.ratelimit.degraded", this, l -> l.degraded() ? 1 : 0)
                .description("1 while Redis is unreachable and rate limits are counted per instance (fail open)"
                        + " or requests refused (fail closed)")
                .register(meters);
        this.failures = Counter.builder("caravan.ratelimit.redis.failures")
                .description("Rate-limit calls to Redis that failed (connection refused, timeout, error reply)")
                .register(meters);
    }

    @Override
    public Decision check(List<LimitKey> keys, long tokens) {
        if (tryShared()) {
            try {
                Decision decision = shared.check(keys, tokens);
                recovered();
                return decision;
            } catch (RedisException e) {
                failed(e);
            }
        }
        return failOpen ? local.check(keys, tokens) : Decision.unavailable(retryInterval, UNAVAILABLE_REASON);
    }

    @Override
    public void adjustTokens(List<LimitKey> keys, long delta) {
        if (tryShared()) {
            try {
                shared.adjustTokens(keys, delta);
                recovered();
                return;
            } catch (RedisException e) {
                failed(e);
            }
        }
        if (failOpen) {
            local.adjustTokens(keys, delta);
        }
    }

    /** True from a Redis failure until Redis answers again. */
    public boolean degraded() {
        return degraded.get();
    }

    @Override
    public void close() {
        try {
            shared.close();
        } finally {
            local.close();
        }
    }

    /** Up: always. Down: once per retry interval, to the one caller that wins the slot. */
    private boolean tryShared() {
        if (!degraded.get()) {
            return true;
        }
        long now = clock.millis();
        long due = nextAttemptAt.get();
        return now >= due && nextAttemptAt.compareAndSet(due, now + retryInterval.toMillis());
    }

    private void failed(RedisException e) {
        failures.increment();
        long now = clock.millis();
        nextAttemptAt.set(now + retryInterval.toMillis());
        if (degraded.compareAndSet(false, true)) {
            downSince = now;
            log.warn("Rate limits: Redis at {} failed ({}); {} until it answers again (tried every {})", where,
                    e.toString(), failOpen ? "each instance counts for itself (fail-open)"
                            : "requests are refused (fail-open: false)", Decision.formatDuration(retryInterval));
        }
    }

    private void recovered() {
        if (degraded.compareAndSet(true, false)) {
            log.info("Rate limits: Redis at {} answers again after {}; limits are shared again", where,
                    Decision.formatDuration(Duration.ofMillis(clock.millis() - downSince)));
        }
    }
}
