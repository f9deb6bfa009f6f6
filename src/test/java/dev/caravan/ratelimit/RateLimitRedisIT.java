package dev.caravan.ratelimit;

import static dev.caravan.ratelimit.TestRules.rpm;
import static dev.caravan.ratelimit.TestRules.tenant;
import static dev.caravan.ratelimit.TestRules.tenantAndKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.support.RedisServer;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against the Lua script on a real Redis ({@link RedisServer}), with the test's clock
 * passed to the script in place of Redis's {@code TIME}; plus what only Redis does: key expiry,
 * script loading, and counting on Redis's own clock.
 */
class RateLimitRedisIT extends RateLimiterContract {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private final String prefix = "it:" + UUID.randomUUID() + ":";

    @Override
    protected RateLimiter limiter(RateLimitRules rules) {
        return new RedisRateLimiter(REDIS.connection(), prefix, rules, clock::millis);
    }

    private RedisCommands<String, String> commands() {
        return REDIS.connection().commands();
    }

    @Test
    void should_keep_a_bucket_only_until_it_would_be_full_again() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(10)).build());

        limiter.check(tenant("acme"), 0);
        limiter.check(tenant("acme"), 0);

        String key = prefix + "tenant:acme:rpm";
        assertThat(commands().hgetall(key)).containsOnlyKeys("a", "t").containsEntry("a", "480000");
        assertThat(commands().pttl(key)).isBetween(1L, 12_000L);
    }

    @Test
    void should_write_nothing_when_refused() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(100)).key(rpm(1)).build());
        limiter.check(tenantAndKey("acme", "k1"), 0);
        String tenantBucket = commands().hget(prefix + "tenant:acme:rpm", "a");

        limiter.check(tenantAndKey("acme", "k1"), 0);
        limiter.check(tenantAndKey("acme", "k1"), 0);

        assertThat(commands().hget(prefix + "tenant:acme:rpm", "a")).isEqualTo(tenantBucket);
        assertThat(commands().exists(prefix + "tenant:globex:rpm")).isZero();
    }

    @Test
    void should_drop_a_bucket_that_is_given_back_to_full() {
        RateLimiter limiter = limiter(new TestRules().tenant(TestRules.tpm(1000)).build());
        limiter.check(tenant("acme"), 400);
        assertThat(commands().exists(prefix + "tenant:acme:tpm")).isEqualTo(1);

        limiter.adjustTokens(tenant("acme"), -400);

        assertThat(commands().exists(prefix + "tenant:acme:tpm")).isZero();
    }

    @Test
    void should_load_the_script_again_when_redis_has_forgotten_it() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(10)).build());
        limiter.check(tenant("acme"), 0);

        commands().scriptFlush();
        Decision afterFlush = limiter.check(tenant("acme"), 0);

        assertThat(afterFlush.requests().orElseThrow().remaining()).isEqualTo(8);
        assertThat(commands().scriptExists(RedisRateLimiter.SCRIPT_SHA)).containsExactly(true);
    }

    @Test
    void should_count_on_redis_clock_when_no_client_clock_is_given() {
        RateLimiter limiter = new RedisRateLimiter(REDIS.connection(), prefix, new TestRules().tenant(rpm(2)).build());
        limiter.check(tenant("acme"), 0);
        limiter.check(tenant("acme"), 0);

        Decision refused = limiter.check(tenant("acme"), 0);

        assertThat(refused.outcome()).isEqualTo(Decision.Outcome.LIMITED);
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
        long redisNow = Long.parseLong(commands().time().get(0)) * 1000;
        long takenAt = Long.parseLong(commands().hget(prefix + "tenant:acme:rpm", "t"));
        assertThat(takenAt).isBetween(redisNow - 5_000, redisNow + 1_000);
    }
}
