package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.redis.SharedRedisConnection;
import dev.caravan.support.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances (two {@link RedisConcurrencyLimiter}s, each with its own connection, on
 * Redis's clock as in production) acquiring at the same time against one Redis honour one limit
 * together.
 */
class ConcurrencySharedIT {

    private static final int LIMIT = 5;

    private final String prefix = "it:" + UUID.randomUUID() + ":";
    private TestRedis redis;
    private ConcurrencyLimiter instanceA;
    private ConcurrencyLimiter instanceB;

    @BeforeEach
    void setUp() {
        redis = TestRedis.running();
        ConcurrencyProperties limits = ConcurrencyLimiterContract.tenantLimit(LIMIT);
        instanceA = instance(limits);
        instanceB = instance(limits);
    }

    @AfterEach
    void tearDown() {
        try {
            instanceA.close();
            instanceB.close();
        } finally {
            redis.close();
        }
    }

    private ConcurrencyLimiter instance(ConcurrencyProperties limits) {
        SharedRedisConnection connection = new SharedRedisConnection(redis.url(), Duration.ofSeconds(2),
                Duration.ofMillis(100));
        return new RedisConcurrencyLimiter(connection, prefix, limits);
    }

    @Test
    void should_grant_exactly_the_limit_in_total_when_fifty_threads_on_two_instances_acquire_at_once() throws Exception {
        List<Callable<Boolean>> acquires = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            acquires.add(() -> instanceA.acquire(ConcurrencyKey.of("acme", null)).acquired());
            acquires.add(() -> instanceB.acquire(ConcurrencyKey.of("acme", null)).acquired());
        }

        List<Boolean> results = Concurrently.run(50, acquires);

        assertThat(results.stream().filter(Boolean::booleanValue).count()).isEqualTo(LIMIT);
        assertThat(held()).isEqualTo(LIMIT);
    }

    @Test
    void should_never_hold_more_than_the_limit_at_once_when_fifty_threads_on_two_instances_acquire_and_release()
            throws Exception {
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            ConcurrencyLimiter instance = t % 2 == 0 ? instanceA : instanceB;
            workers.add(() -> {
                int acquired = 0;
                for (int round = 0; round < 40; round++) {
                    ConcurrencyDecision decision = instance.acquire(ConcurrencyKey.of("acme", null));
                    if (decision.acquired()) {
                        acquired++;
                        mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        // hold it for a Redis round trip, as a request holds it for its call
                        instance.acquire(ConcurrencyKey.of("probe-" + round, null));
                        holding.decrementAndGet();
                        instance.release(decision.permit());
                    }
                }
                return acquired;
            });
        }

        List<Integer> acquired = Concurrently.run(50, workers);

        assertThat(mostHeld.get()).as("permits held at once, counted by the holders").isBetween(2, LIMIT);
        assertThat(acquired.stream().mapToInt(Integer::intValue).sum()).isGreaterThan(LIMIT);
        assertThat(held()).as("every permit was given back").isZero();
    }

    /** Permits in the tenant's set, read from Redis. */
    private long held() {
        try (SharedRedisConnection connection = new SharedRedisConnection(redis.url(), Duration.ofSeconds(2),
                Duration.ofMillis(100))) {
            return connection.commands().zcard(prefix + "concurrency:tenant:acme");
        }
    }
}
