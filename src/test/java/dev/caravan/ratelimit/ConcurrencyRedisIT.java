package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.redis.SharedRedisConnection;
import dev.caravan.support.RedisServer;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against the Lua script on a real Redis ({@link RedisServer}), with the test's clock
 * passed to the script in place of Redis's {@code TIME}; plus what only Redis does: what the sets
 * hold, their expiry, script loading, and dating leases on Redis's own clock.
 */
class ConcurrencyRedisIT extends ConcurrencyLimiterContract {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private final String prefix = "it:" + UUID.randomUUID() + ":";

    @Override
    protected ConcurrencyLimiter limiter(ConcurrencyProperties properties) {
        return new RedisConcurrencyLimiter(REDIS.connection(), prefix, properties, clock::millis);
    }

    private RedisCommands<String, String> commands() {
        return REDIS.connection().commands();
    }

    @Test
    void should_keep_each_permit_in_every_key_set_scored_by_the_end_of_its_lease() {
        ConcurrencyLimiter limiter = limiter(limits(null, 5, 5, null, null));

        Permit permit = limiter.acquire(ConcurrencyKey.of("acme", "quiz")).permit();

        long leaseEnd = clock.millis() + LEASE.toMillis();
        for (String key : List.of(prefix + "concurrency:tenant:acme", prefix + "concurrency:task:quiz")) {
            assertThat(commands().zrangeWithScores(key, 0, -1))
                    .containsExactly(ScoredValue.just(leaseEnd, permit.id()));
            assertThat(commands().pttl(key)).isBetween(LEASE.toMillis() - 5_000, LEASE.toMillis());
        }
        assertThat(commands().exists(prefix + "concurrency:global:all")).as("no global limit, no set").isZero();
    }

    @Test
    void should_remove_the_permit_from_every_set_when_released() {
        ConcurrencyLimiter limiter = limiter(limits(null, 5, 5, null, null));
        Permit kept = limiter.acquire(ConcurrencyKey.of("acme", "quiz")).permit();
        Permit released = limiter.acquire(ConcurrencyKey.of("acme", "quiz")).permit();

        limiter.release(released);

        assertThat(commands().zrange(prefix + "concurrency:tenant:acme", 0, -1)).containsExactly(kept.id());
        assertThat(commands().zrange(prefix + "concurrency:task:quiz", 0, -1)).containsExactly(kept.id());
    }

    @Test
    void should_write_nothing_when_refused() {
        ConcurrencyLimiter limiter = limiter(limits(null, 5, null, null, java.util.Map.of("LLM2_DRAFT", 1)));
        limiter.acquire(ConcurrencyKey.of("acme", "LLM2_DRAFT"));

        limiter.acquire(ConcurrencyKey.of("globex", "LLM2_DRAFT"));

        assertThat(commands().exists(prefix + "concurrency:tenant:globex")).isZero();
    }

    @Test
    void should_load_the_script_again_when_redis_has_forgotten_it() {
        ConcurrencyLimiter limiter = limiter(tenantLimit(2));
        limiter.acquire(ConcurrencyKey.of("acme", null));

        commands().scriptFlush();
        ConcurrencyDecision afterFlush = limiter.acquire(ConcurrencyKey.of("acme", null));

        assertThat(afterFlush.acquired()).isTrue();
        assertThat(limiter.acquire(ConcurrencyKey.of("acme", null)).acquired()).isFalse();
        assertThat(commands().scriptExists(RedisConcurrencyLimiter.SCRIPT.sha())).containsExactly(true);
    }

    @Test
    void should_date_leases_on_redis_clock_when_no_client_clock_is_given() {
        ConcurrencyLimiter limiter = new RedisConcurrencyLimiter(REDIS.connection(), prefix, tenantLimit(1));

        Permit permit = limiter.acquire(ConcurrencyKey.of("acme", null)).permit();

        long redisNow = Long.parseLong(commands().time().get(0)) * 1000;
        Double leaseEnd = commands().zscore(prefix + "concurrency:tenant:acme", permit.id());
        assertThat(leaseEnd).isNotNull();
        assertThat(leaseEnd.longValue() - LEASE.toMillis()).isBetween(redisNow - 5_000, redisNow + 1_000);
        assertThat(limiter.acquire(ConcurrencyKey.of("acme", null)).acquired()).isFalse();
        limiter.release(permit);
        assertThat(limiter.acquire(ConcurrencyKey.of("acme", null)).acquired()).isTrue();
    }

    @Test
    void should_free_the_permits_of_an_instance_that_died_holding_them_once_their_leases_end() {
        SharedRedisConnection doomed = REDIS.newConnection();
        ConcurrencyLimiter dying = new RedisConcurrencyLimiter(doomed, prefix, tenantLimit(2), clock::millis);
        dying.acquire(ConcurrencyKey.of("acme", null));
        dying.acquire(ConcurrencyKey.of("acme", null));
        dying.close();
        ConcurrencyLimiter survivor = limiter(tenantLimit(2));
        assertThat(survivor.acquire(ConcurrencyKey.of("acme", null)).acquired()).isFalse();

        clock.advance(LEASE);

        assertThat(survivor.acquire(ConcurrencyKey.of("acme", null)).acquired()).isTrue();
        assertThat(commands().zcard(prefix + "concurrency:tenant:acme")).as("the dead leases were dropped").isEqualTo(1);
    }
}
