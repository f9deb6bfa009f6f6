package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caravan.ratelimit.ConcurrencyDecision.Outcome;
import dev.caravan.redis.SharedRedisConnection;
import dev.caravan.support.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bean's layers ({@link MeteredConcurrencyLimiter} over {@link FailoverConcurrencyLimiter})
 * against a private Redis that is stopped and started: failing open holds permits per instance,
 * failing closed refuses, and Redis is used again once it answers.
 */
class ConcurrencyFailoverIT {

    private static final Duration TIMEOUT = Duration.ofMillis(250);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final List<ConcurrencyKey> ACME = ConcurrencyKey.of("acme", null);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String prefix = "it:" + UUID.randomUUID() + ":";
    private final ConcurrencyProperties limits = ConcurrencyLimiterContract.tenantLimit(2);
    private TestRedis redis;
    private InMemoryConcurrencyLimiter local;
    private FailoverConcurrencyLimiter failover;
    private ConcurrencyLimiter limiter;

    @BeforeEach
    void setUp() {
        redis = TestRedis.running();
    }

    @AfterEach
    void tearDown() {
        try {
            if (limiter != null) {
                limiter.close();
            }
        } finally {
            redis.close();
        }
    }

    private void start(boolean failOpen) {
        SharedRedisConnection connection = new SharedRedisConnection(redis.url(), TIMEOUT, Duration.ofMillis(50));
        local = new InMemoryConcurrencyLimiter(limits, Clock.systemUTC());
        failover = new FailoverConcurrencyLimiter(new RedisConcurrencyLimiter(connection, prefix, limits), local,
                failOpen, RETRY, Clock.systemUTC(), connection.url(), meters);
        limiter = new MeteredConcurrencyLimiter(failover, meters);
    }

    @Test
    void should_hold_permits_per_instance_while_redis_is_down_and_share_again_when_it_is_back_when_failing_open() {
        start(true);
        Permit beforeOutage = limiter.acquire(ACME).permit();

        redis.stop();
        ConcurrencyDecision first = limiter.acquire(ACME);
        ConcurrencyDecision second = limiter.acquire(ACME);
        ConcurrencyDecision third = limiter.acquire(ACME);

        assertThat(first.acquired()).as("the stand-in starts empty").isTrue();
        assertThat(second.acquired()).isTrue();
        assertThat(third.outcome()).as("the stand-in holds the limit").isEqualTo(Outcome.LIMITED);
        assertThat(failover.degraded()).isTrue();
        assertThat(meters.get("caravan.concurrency.degraded").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("caravan.concurrency.redis.failures").counter().count()).isGreaterThanOrEqualTo(1);
        limiter.release(beforeOutage);

        redis.start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> acquireAndRelease(ConcurrencyKey.of("globex", null)) && !failover.degraded());
        assertThat(meters.get("caravan.concurrency.degraded").gauge().value()).isZero();

        limiter.release(first.permit());
        limiter.release(second.permit());
        assertThat(local.held(ConcurrencyKey.tenant("acme"))).as("released to the stand-in").isZero();
        Permit shared1 = limiter.acquire(ACME).permit();
        Permit shared2 = limiter.acquire(ACME).permit();
        assertThat(limiter.acquire(ACME).outcome()).as("Redis, restarted empty, holds the limit").isEqualTo(Outcome.LIMITED);
        assertThat(local.held(ConcurrencyKey.tenant("acme"))).isZero();
        limiter.release(shared1);
        limiter.release(shared2);
        assertThat(meters.get("caravan.concurrency.in.flight").gauge().value()).isZero();
    }

    @Test
    void should_refuse_while_redis_is_down_and_admit_again_when_it_is_back_when_failing_closed() {
        start(false);
        limiter.release(limiter.acquire(ACME).permit());

        redis.stop();
        ConcurrencyDecision refused = limiter.acquire(ACME);

        assertThat(refused.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(refused.retryAfter()).isEqualTo(RETRY);
        assertThat(refused.message()).contains("cannot be checked", "unreachable");
        assertThat(limiter.acquire(ACME).outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(meters.get("caravan.concurrency.refused").tag("reason", "unavailable").counter().count())
                .isGreaterThanOrEqualTo(2);

        redis.start();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> acquireAndRelease(ACME));
        assertThat(failover.degraded()).isFalse();
        assertThat(local.held(ConcurrencyKey.tenant("acme"))).isZero();
    }

    private boolean acquireAndRelease(List<ConcurrencyKey> keys) {
        ConcurrencyDecision decision = limiter.acquire(keys);
        if (decision.acquired()) {
            limiter.release(decision.permit());
        }
        return decision.acquired();
    }
}
