package dev.caravan.ratelimit;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Whether a limiter's Redis is taken to be down, shared by {@link FailoverRateLimiter} and
 * {@link FailoverConcurrencyLimiter}: a failure marks it down (one warning, a counter
 * {@code <metrics>.redis.failures}, a gauge {@code <metrics>.degraded} = 1); while down, Redis is
 * asked once per {@code retryInterval}, by the one caller that wins the slot; a success marks it up
 * again (one INFO line). No background thread: with no traffic there is nothing to limit.
 */
final class RedisOutage {

    private final String what;
    private final String whileDown;
    private final Duration retryInterval;
    private final Clock clock;
    private final String where;
    private final Logger log;
    private final Counter failures;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicLong nextAttemptAt = new AtomicLong();
    private volatile long downSince;

    /**
     * @param what       {@code Rate limits}: starts the log lines
     * @param metrics    {@code caravan.ratelimit}: the meters' prefix
     * @param whileDown  what happens meanwhile, for the warning and the gauge's description
     * @param where      the Redis URL, password masked
     */
    RedisOutage(String what, String metrics, String whileDown, Duration retryInterval, Clock clock, String where,
            Logger log, MeterRegistry meters) {
        this.what = Objects.requireNonNull(what, "what");
        this.whileDown = Objects.requireNonNull(whileDown, "whileDown");
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.where = Objects.requireNonNull(where, "where");
        this.log = Objects.requireNonNull(log, "log");
        Gauge.builder(metrics + ".degraded", this, o -> o.degraded() ? 1 : 0)
                .description("1 while Redis is unreachable: " + whileDown)
                .register(meters);
        this.failures = Counter.builder(metrics + ".redis.failures")
                .description(what + ": calls to Redis that failed (connection refused, timeout, error reply)")
                .register(meters);
    }

    /** Up: always. Down: once per retry interval, to the one caller that wins the slot. */
    boolean tryRedis() {
        if (!degraded.get()) {
            return true;
        }
        long now = clock.millis();
        long due = nextAttemptAt.get();
        return now >= due && nextAttemptAt.compareAndSet(due, now + retryInterval.toMillis());
    }

    void failed(RedisException e) {
        failures.increment();
        long now = clock.millis();
        nextAttemptAt.set(now + retryInterval.toMillis());
        if (degraded.compareAndSet(false, true)) {
            downSince = now;
            log.warn("{}: Redis at {} failed ({}); {} until it answers again (tried every {})", what, where,
                    e.toString(), whileDown, Decision.formatDuration(retryInterval));
        }
    }

    void succeeded() {
        if (degraded.compareAndSet(true, false)) {
            log.info("{}: Redis at {} answers again after {}; limits are shared again", what, where,
                    Decision.formatDuration(Duration.ofMillis(clock.millis() - downSince)));
        }
    }

    boolean degraded() {
        return degraded.get();
    }
}
