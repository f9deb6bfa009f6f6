package dev.caravan.ratelimit;

import dev.caravan.redis.SharedRedisConnection;
import static dev.caravan.ratelimit.TestRules.rpm;
import static dev.caravan.ratelimit.TestRules.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caravan.ratelimit.Decision.Outcome;
import dev.caravan.support.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FailoverRateLimiter} against a private Redis that is stopped and started: failing open
 * counts per instance, failing closed refuses, and Redis is used again once it answers.
 */
class RateLimitFailoverIT {

    private static final Duration TIMEOUT = Duration.ofMillis(250);
    private static final Duration RETRY = Duration.ofMillis(200);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String prefix = "it:" + UUID.randomUUID() + ":";
    private TestRedis redis;
    private FailoverRateLimiter limiter;

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

    private FailoverRateLimiter limiter(TestRules rules, boolean failOpen) {
        RateLimitRules built = rules.build();
        SharedRedisConnection connection = new SharedRedisConnection(redis.url(), TIMEOUT, Duration.ofMillis(50));
        limiter = new FailoverRateLimiter(new RedisRateLimiter(connection, prefix, built),
                new InMemoryRateLimiter(built, Clock.systemUTC()), failOpen, RETRY, Clock.systemUTC(), connection.url(),
                meters);
        return limiter;
    }

    @Test
    void should_count_per_instance_while_redis_is_down_and_share_again_when_it_is_back_when_failing_open() {
        limiter(new TestRules().tenant(rpm(3)), true);
        assertThat(limiter.check(tenant("acme"), 0).requests().orElseThrow().remaining()).isEqualTo(2);

        redis.stop();
        Decision first = limiter.check(tenant("acme"), 0);
        Decision second = limiter.check(tenant("acme"), 0);
        Decision third = limiter.check(tenant("acme"), 0);
        Decision fourth = limiter.check(tenant("acme"), 0);

        assertThat(first.allowed()).isTrue();
        assertThat(first.requests().orElseThrow().remaining()).as("the stand-in starts full").isEqualTo(2);
        assertThat(second.allowed()).isTrue();
        assertThat(third.allowed()).isTrue();
        assertThat(fourth.outcome()).as("the stand-in enforces the limit").isEqualTo(Outcome.LIMITED);
        assertThat(limiter.degraded()).isTrue();
        assertThat(meters.get("caravan.ratelimit.degraded").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("caravan.ratelimit.redis.failures").counter().count()).isGreaterThanOrEqualTo(1);

        redis.start();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> limiter.check(tenant("globex"), 0).allowed() && !limiter.degraded());
        assertThat(meters.get("caravan.ratelimit.degraded").gauge().value()).isZero();
        assertThat(limiter.check(tenant("acme"), 0).requests().orElseThrow().remaining())
                .as("Redis restarted empty: acme's shared bucket is full again").isEqualTo(2);
    }

    @Test
    void should_refuse_while_redis_is_down_and_allow_again_when_it_is_back_when_failing_closed() {
        limiter(new TestRules().tenant(rpm(100)), false);
        assertThat(limiter.check(tenant("acme"), 0).allowed()).isTrue();

        redis.stop();
        Decision refused = limiter.check(tenant("acme"), 0);

        assertThat(refused.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(refused.retryAfter()).isEqualTo(RETRY);
        assertThat(refused.headers()).containsEntry("retry-after", "1").containsEntry("retry-after-ms", "200");
        assertThat(refused.message()).contains("cannot be checked", "unreachable");
        assertThat(limiter.check(tenant("acme"), 0).outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(meters.get("caravan.ratelimit.degraded").gauge().value()).isEqualTo(1.0);

        redis.start();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> limiter.check(tenant("acme"), 0).allowed());
        assertThat(limiter.degraded()).isFalse();
    }

    @Test
    void should_send_token_corrections_to_the_stand_in_while_redis_is_down() {
        limiter(new TestRules().tenant(TestRules.tpm(1000)), true);
        redis.stop();
        limiter.check(tenant("acme"), 900);

        limiter.adjustTokens(tenant("acme"), -800);

        assertThat(limiter.check(tenant("acme"), 0).tokens().orElseThrow().remaining()).isEqualTo(900);
    }
}
