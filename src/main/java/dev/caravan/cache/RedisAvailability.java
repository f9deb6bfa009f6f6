package dev.caravan.cache;

import dev.caravan.gateway.DaemonScheduler;
import dev.caravan.redis.SharedRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the configured Redis can be used right now, shared by {@link FailoverResponseCache} and
 * {@link FailoverSemanticIndex} so that answers and their vectors move between Redis and this
 * process together.
 *
 * <p>Any failed Redis call marks Redis down (one warning per outage). While it is down, a daemon
 * thread ({@code caravan-cache-redis}) sends PING every {@code retryInterval}; when Redis answers,
 * the recovery steps run (e.g. invalidations made during the outage are replayed) and, if nothing
 * failed meanwhile, Redis is used again (one INFO line). Published as the gauge
 * {@code caravan.cache.degraded} (1 while down) and the counter {@code caravan.cache.redis.failures}.
 */
public final class RedisAvailability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisAvailability.class);

    private enum State { UNCHECKED, UP, DOWN }

    private final SharedRedisConnection redis;
    private final Duration retryInterval;
    private final AtomicReference<State> state = new AtomicReference<>(State.UNCHECKED);
    private final AtomicLong failureCount = new AtomicLong();
    private final Counter failures;
    private final List<Runnable> recoverySteps = new CopyOnWriteArrayList<>();
    private volatile long downSinceNanos;
    private ScheduledExecutorService checker;

    public RedisAvailability(SharedRedisConnection redis, Duration retryInterval, MeterRegistry meters) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
        Gauge.builder("caravan.cache.degraded", this, a -> a.degraded() ? 1 : 0)
                .description("1 while the configured Redis is unreachable and the cache runs in this process")
                .register(meters);
        this.failures = Counter.builder("caravan.cache.redis.failures")
                .description("Redis cache calls that failed (connection refused, timeout, error reply)")
                .register(meters);
    }

    /** Checks Redis once now (the gateway starts either way), then every {@code retryInterval} while it is down. */
    public synchronized void start() {
        if (checker != null) {
            return;
        }
        check();
        checker = DaemonScheduler.named("caravan-cache-redis");
        long millis = Math.max(1, retryInterval.toMillis());
        checker.scheduleWithFixedDelay(this::checkSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    public boolean available() {
        return state.get() == State.UP;
    }

    /** True until Redis has answered, and while it is down. */
    public boolean degraded() {
        return !available();
    }

    /** The Redis URL, password masked. */
    public String url() {
        return redis.url();
    }

    /** Failed Redis calls so far; a change tells a caller that something failed in between. */
    long failures() {
        return failureCount.get();
    }

    /** Runs before Redis is used again after an outage; a Redis call failing in it postpones the recovery. */
    void onRecovery(Runnable step) {
        recoverySteps.add(step);
    }

    /** Marks Redis down; safe to call from any thread, as often as calls fail. */
    public void failed(RuntimeException e) {
        failureCount.incrementAndGet();
        failures.increment();
        State before = state.getAndSet(State.DOWN);
        if (before != State.DOWN) {
            downSinceNanos = System.nanoTime();
            log.warn("Cache: Redis at {} {} ({}); answers are served from and stored in this process until it"
                    + " answers again (checked every {})", redis.url(),
                    before == State.UNCHECKED ? "is unreachable at start-up" : "failed", describe(e), readable(retryInterval));
        }
    }

    /** PINGs Redis unless it is known to be up, runs the recovery steps and marks it up if all went well. */
    synchronized void check() {
        State before = state.get();
        if (before == State.UP) {
            return;
        }
        long failuresBefore = failureCount.get();
        try {
            redis.ping();
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        recoverySteps.forEach(Runnable::run);
        if (failureCount.get() != failuresBefore || !state.compareAndSet(before, State.UP)) {
            return;
        }
        if (before == State.DOWN) {
            Duration down = Duration.ofNanos(System.nanoTime() - downSinceNanos);
            log.info("Cache: Redis at {} answers again after {}; the cache is back on Redis", redis.url(), readable(down));
        } else {
            log.info("Cache: connected to Redis at {}", redis.url());
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            // a recovery step failing in an unexpected way must not end the periodic check
            log.debug("Cache: Redis check failed unexpectedly", e);
        }
    }

    @Override
    public synchronized void close() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m 5s}: as written in the configuration, not {@code PT2M5S}. */
    static String readable(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            long tenths = d.toMillis() / 100;
            return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
        }
        return (d.toSeconds() / 60) + "m " + (d.toSeconds() % 60) + "s";
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause != null && cause.getMessage() != null) {
            text.append(" (").append(cause.getMessage()).append(')');
        }
        return text.toString();
    }
}
