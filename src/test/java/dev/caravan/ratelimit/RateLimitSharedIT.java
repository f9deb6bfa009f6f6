package dev.caravan.ratelimit;

import dev.caravan.redis.SharedRedisConnection;
import static dev.caravan.ratelimit.TestRules.rpm;
import static dev.caravan.ratelimit.TestRules.tenant;
import static dev.caravan.ratelimit.TestRules.tenantAndKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.support.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances (two {@link RedisRateLimiter}s, each with its own connection, on Redis's
 * clock as in production) checking at the same time against one Redis honour one limit together.
 * The limits refill one request per six seconds at most, far slower than the checks take.
 */
class RateLimitSharedIT {

    private final String prefix = "it:" + UUID.randomUUID() + ":";
    private TestRedis redis;
    private RateLimiter instanceA;
    private RateLimiter instanceB;

    @BeforeEach
    void setUp() {
        redis = TestRedis.running();
    }

    @AfterEach
    void tearDown() {
        try {
            closeAll(instanceA, instanceB);
        } finally {
            redis.close();
        }
    }

    private void start(TestRules rules) {
        instanceA = instance(rules);
        instanceB = instance(rules);
    }

    private RateLimiter instance(TestRules rules) {
        SharedRedisConnection connection = new SharedRedisConnection(redis.url(), Duration.ofSeconds(2),
                Duration.ofMillis(100));
        return new RedisRateLimiter(connection, prefix, rules.build());
    }

    @Test
    void should_allow_exactly_the_limit_in_total_when_two_instances_check_concurrently() throws Exception {
        start(new TestRules().tenant(rpm(10)));
        List<Callable<String>> checks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            checks.add(() -> instanceA.check(tenant("acme"), 0).allowed() ? "A" : "refused");
            checks.add(() -> instanceB.check(tenant("acme"), 0).allowed() ? "B" : "refused");
        }

        List<String> results = Concurrently.run(8, checks);

        assertThat(results.stream().filter(r -> !r.equals("refused")).count()).isEqualTo(10);
        assertThat(results.stream().filter("refused"::equals).count()).isEqualTo(30);
        assertThat(instanceA.check(tenant("acme"), 0).requests().orElseThrow().remaining()).isZero();
    }

    @Test
    void should_count_nothing_for_refused_requests_when_instances_race_on_several_limits() throws Exception {
        start(new TestRules().tenant(rpm(10)).key(rpm(6)));
        List<Callable<String>> checks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            checks.add(() -> instanceA.check(tenantAndKey("acme", "k1"), 0).allowed() ? "k1" : "refused");
            checks.add(() -> instanceB.check(tenantAndKey("acme", "k1"), 0).allowed() ? "k1" : "refused");
            checks.add(() -> instanceA.check(tenantAndKey("acme", "k2"), 0).allowed() ? "k2" : "refused");
            checks.add(() -> instanceB.check(tenantAndKey("acme", "k2"), 0).allowed() ? "k2" : "refused");
        }

        List<String> results = Concurrently.run(8, checks);

        long k1 = results.stream().filter("k1"::equals).count();
        long k2 = results.stream().filter("k2"::equals).count();
        assertThat(k1 + k2).isEqualTo(10);
        assertThat(k1).isBetween(4L, 6L);
        assertThat(k2).isBetween(4L, 6L);
        assertThat(requestsLeft("key:k1:rpm")).as("k1 lost only what it was allowed").isEqualTo(6 - k1);
        assertThat(requestsLeft("key:k2:rpm")).as("k2 lost only what it was allowed").isEqualTo(6 - k2);
        assertThat(requestsLeft("tenant:acme:rpm")).isZero();
    }

    /** Whole requests left in a bucket, read from Redis (what refilled since is less than one). */
    private long requestsLeft(String bucket) {
        try (SharedRedisConnection connection = new SharedRedisConnection(redis.url(), Duration.ofSeconds(2),
                Duration.ofMillis(100))) {
            return Long.parseLong(connection.commands().hget(prefix + bucket, "a")) / 60_000;
        }
    }

    private static void closeAll(RateLimiter... limiters) {
        for (RateLimiter limiter : limiters) {
            if (limiter != null) {
                limiter.close();
            }
        }
    }
}
