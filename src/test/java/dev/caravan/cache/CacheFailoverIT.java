package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import static dev.caravan.cache.TestAnswers.answer;
import static dev.caravan.cache.TestAnswers.key;
import static dev.caravan.cache.TestAnswers.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.caravan.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failover pair against a private Redis ({@link TestRedis}) that is stopped and started:
 * nothing throws while it is down, answers come from this process, and Redis is used again by
 * itself when it is back.
 */
class CacheFailoverIT {

    private static final Duration TIMEOUT = Duration.ofMillis(250);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final Duration HOUR = Duration.ofHours(1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String prefix = "it:" + UUID.randomUUID() + ":";
    private final SemanticPartition acme = new SemanticPartition("acme", null, "ctx");
    private TestRedis redis;
    private SharedRedisConnection connection;
    private RedisAvailability availability;
    private FailoverResponseCache cache;
    private FailoverSemanticIndex index;
    private LogCapture logs;

    @BeforeEach
    void setUp() {
        redis = TestRedis.running();
        logs = new LogCapture();
        connection = new SharedRedisConnection(redis.url(), TIMEOUT, RETRY);
        availability = new RedisAvailability(connection, RETRY, meters);
        cache = new FailoverResponseCache(connection, prefix, new CaffeineResponseCache(1000), availability);
        index = new FailoverSemanticIndex(connection, prefix, 100, new InMemorySemanticIndex(100, 1000), availability);
    }

    @AfterEach
    void tearDown() {
        try {
            availability.close();
            connection.close();
            logs.close();
        } finally {
            redis.close();
        }
    }

    @Test
    void should_serve_from_memory_while_redis_is_down_and_return_to_redis_when_it_is_back() {
        availability.start();
        assertThat(cache.degraded()).isFalse();
        assertThat(cache.backend()).isEqualTo("redis");
        assertThat(degradedGauge()).isZero();
        cache.put(key("acme", null, "before"), answer("before"), HOUR);
        assertThat(plainRedisCache().get(key("acme", null, "before"))).isPresent();

        redis.stop();

        assertThat(cache.get(key("acme", null, "before"))).isEmpty();
        assertThat(cache.degraded()).isTrue();
        assertThat(cache.backend()).isEqualTo("caffeine");
        assertThat(degradedGauge()).isEqualTo(1.0);
        assertThat(meters.get("caravan.cache.redis.failures").counter().count()).isGreaterThanOrEqualTo(1);
        cache.put(key("acme", null, "during"), answer("during"), HOUR);
        assertThat(cache.get(key("acme", null, "during"))).contains(answer("during"));
        assertThat(cache.entries()).isEqualTo(1);
        index.add(acme, key("acme", null, "during"), unit(8, 0, 0.0), "f", HOUR);
        assertThat(index.nearest(acme, unit(8, 0, 0.0), 0.9, 5)).hasSize(1);
        assertThat(cache.invalidate(new CacheInvalidation("other", null, null))).isZero();

        redis.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !cache.degraded());

        assertThat(cache.backend()).isEqualTo("redis");
        assertThat(degradedGauge()).isZero();
        // the restarted Redis is empty, and what was stored in the outage stayed in (and left) this process
        assertThat(cache.get(key("acme", null, "during"))).isEmpty();
        assertThat(index.nearest(acme, unit(8, 0, 0.0), 0.9, 5)).isEmpty();
        cache.put(key("acme", null, "after"), answer("after"), HOUR);
        index.add(acme, key("acme", null, "after"), unit(8, 0, 0.0), "f", HOUR);
        assertThat(plainRedisCache().get(key("acme", null, "after"))).contains(answer("after"));
        assertThat(index.nearest(acme, unit(8, 0, 0.0), 0.9, 5)).extracting(c -> c.key().hash()).containsExactly("after");
        assertThat(logs.messages(Level.WARN)).hasSize(1).allMatch(m -> m.contains("Redis at " + redis.url() + " failed"));
        assertThat(logs.messages(Level.INFO)).filteredOn(m -> m.contains("answers again")).hasSize(1);
    }

    @Test
    void should_start_degraded_and_recover_when_redis_is_down_at_start_up() {
        redis.stop();

        availability.start();

        assertThat(cache.degraded()).isTrue();
        assertThat(degradedGauge()).isEqualTo(1.0);
        cache.put(key("acme", null, "h"), answer("a"), HOUR);
        assertThat(cache.get(key("acme", null, "h"))).contains(answer("a"));
        index.add(acme, key("acme", null, "h"), unit(8, 0, 0.0), "f", HOUR);
        assertThat(index.nearest(acme, unit(8, 0, 0.0), 0.9, 5)).hasSize(1);
        assertThat(index.entries()).isEqualTo(1);
        assertThat(logs.messages(Level.WARN)).hasSize(1).allMatch(m -> m.contains("unreachable at start-up"));

        redis.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !cache.degraded());

        assertThat(cache.backend()).isEqualTo("redis");
        cache.put(key("acme", null, "h"), answer("b"), HOUR);
        assertThat(plainRedisCache().get(key("acme", null, "h"))).contains(answer("b"));
    }

    @Test
    void should_replay_invalidations_made_while_redis_hung_when_it_answers_again() {
        availability.start();
        cache.put(key("acme", null, "h1"), answer("stale"), HOUR);
        cache.put(key("globex", null, "h1"), answer("kept"), HOUR);
        index.add(acme, key("acme", null, "h1"), unit(8, 0, 0.0), "f", HOUR);

        try (RedisClient client = RedisClient.create(redis.url());
                StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().clientPause(1_500);
            long started = System.nanoTime();

            cache.invalidate(new CacheInvalidation("acme", null, null));
            index.invalidate(new CacheInvalidation("acme", null, null));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(cache.degraded()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !cache.degraded());

        assertThat(cache.get(key("acme", null, "h1"))).isEmpty();
        assertThat(cache.get(key("globex", null, "h1"))).contains(answer("kept"));
        assertThat(index.nearest(acme, unit(8, 0, 0.0), 0.9, 5)).isEmpty();
    }

    @Test
    void should_answer_from_memory_within_the_timeout_when_redis_hangs() {
        availability.start();
        try (RedisClient client = RedisClient.create(redis.url());
                StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().clientPause(3_000);
            long started = System.nanoTime();

            assertThat(cache.get(key("acme", null, "h"))).isEmpty();
            cache.put(key("acme", null, "h"), answer("a"), HOUR);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(cache.degraded()).isTrue();
            assertThat(cache.get(key("acme", null, "h"))).contains(answer("a"));
        }
    }

    private RedisResponseCache plainRedisCache() {
        return new RedisResponseCache(connection, prefix, e -> {
            throw new AssertionError("Redis failed", e);
        });
    }

    private double degradedGauge() {
        return meters.get("caravan.cache.degraded").gauge().value();
    }
}
