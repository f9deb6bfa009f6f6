package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import static dev.caravan.cache.TestAnswers.key;
import static dev.caravan.cache.TestAnswers.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.caravan.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RedisSemanticIndex} against a real Redis ({@link TestRedis}); each test writes under its own key prefix. */
class RedisSemanticIndexIT {

    private static final int DIMENSIONS = 384;
    private static final Duration HOUR = Duration.ofHours(1);

    private static TestRedis redis;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> rawConnection;
    private static RedisCommands<String, String> raw;

    private final MutableClock clock = new MutableClock();
    private final SemanticPartition acme = new SemanticPartition("acme", null, "ctx1");
    private SharedRedisConnection connection;
    private String prefix;
    private RedisSemanticIndex index;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.running();
        rawClient = RedisClient.create(redis.url());
        rawConnection = rawClient.connect();
        raw = rawConnection.sync();
    }

    @AfterAll
    static void stopRedis() {
        if (rawConnection != null) {
            rawConnection.close();
            rawClient.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void connect() {
        prefix = "it:" + UUID.randomUUID() + ":";
        connection = new SharedRedisConnection(redis.url(), Duration.ofSeconds(2), Duration.ofMillis(200));
        index = index(100);
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    private RedisSemanticIndex index(int maxPerPartition) {
        return new RedisSemanticIndex(connection, prefix, maxPerPartition, clock, e -> {
            throw new AssertionError("Redis failed", e);
        });
    }

    @Test
    void should_find_the_entries_above_the_threshold_nearest_first() {
        index.add(acme, key("acme", null, "far"), unit(DIMENSIONS, 0, 0.4), "f-far", HOUR);
        index.add(acme, key("acme", null, "near"), unit(DIMENSIONS, 0, 0.1), "f-near", HOUR);
        index.add(acme, key("acme", null, "same"), unit(DIMENSIONS, 0, 0.0), "f|same", HOUR);
        index.add(acme, key("acme", null, "other"), unit(DIMENSIONS, 7, 0.0), "f-other", HOUR);

        List<SemanticCandidate> found = index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 10);

        assertThat(found).extracting(c -> c.key().hash()).containsExactly("same", "near", "far");
        assertThat(found.get(0).key()).isEqualTo(key("acme", null, "same"));
        assertThat(found.get(0).fingerprint()).isEqualTo("f|same");
        assertThat(found.get(1).similarity()).isCloseTo(Math.cos(0.1), within(1e-6));
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 2)).hasSize(2);
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.999, 10)).hasSize(1);
    }

    @Test
    void should_store_one_hash_per_partition_in_the_documented_encoding() {
        SemanticPartition partition = new SemanticPartition("acme:corp", "bob", "ctx1");
        float[] vector = unit(DIMENSIONS, 5, 0.3);
        index.add(partition, key("acme:corp", "bob", "h1"), vector, "fp", Duration.ofMinutes(10));

        String hash = prefix + "s:acme%3Acorp:bob:ctx1";
        String[] value = raw.hget(hash, "h1").split("\\|", 5);
        assertThat(value[0]).isEqualTo("1");
        assertThat(Long.parseLong(value[1])).isEqualTo(clock.millis() + Duration.ofMinutes(10).toMillis());
        assertThat(Long.parseLong(value[2])).isEqualTo(clock.millis());
        ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(value[3])).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(floats.getFloat(5 * Float.BYTES)).isEqualTo(vector[5]);
        assertThat(floats.getFloat(6 * Float.BYTES)).isEqualTo(vector[6]);
        assertThat(value[4]).isEqualTo("fp");
        assertThat(raw.pttl(hash)).isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());
    }

    @Test
    void should_keep_the_hash_as_long_as_its_longest_lived_entry() {
        index.add(acme, key("acme", null, "long"), unit(DIMENSIONS, 0, 0.0), "f", Duration.ofHours(2));
        index.add(acme, key("acme", null, "short"), unit(DIMENSIONS, 0, 0.0), "f", Duration.ofMinutes(1));

        assertThat(raw.pttl(prefix + "s:" + acme.path())).isGreaterThan(Duration.ofMinutes(110).toMillis());
    }

    @Test
    void should_skip_and_remove_expired_entries_when_looking_up() {
        index.add(acme, key("acme", null, "short"), unit(DIMENSIONS, 0, 0.0), "f", Duration.ofMinutes(1));
        index.add(acme, key("acme", null, "long"), unit(DIMENSIONS, 0, 0.05), "f", HOUR);

        clock.advance(Duration.ofMinutes(2));

        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5))
                .extracting(c -> c.key().hash()).containsExactly("long");
        assertThat(raw.hkeys(prefix + "s:" + acme.path())).containsExactly("long");
    }

    @Test
    void should_drop_expired_then_oldest_entries_when_the_partition_is_full() {
        RedisSemanticIndex capped = index(3);
        capped.add(acme, key("acme", null, "oldest"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
        clock.advance(Duration.ofSeconds(1));
        capped.add(acme, key("acme", null, "expiring"), unit(DIMENSIONS, 0, 0.0), "f", Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(1));
        capped.add(acme, key("acme", null, "second"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
        clock.advance(Duration.ofMinutes(2));

        capped.add(acme, key("acme", null, "third"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
        assertThat(raw.hkeys(prefix + "s:" + acme.path())).containsExactlyInAnyOrder("oldest", "second", "third");

        clock.advance(Duration.ofSeconds(1));
        capped.add(acme, key("acme", null, "fourth"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
        assertThat(raw.hkeys(prefix + "s:" + acme.path())).containsExactlyInAnyOrder("second", "third", "fourth");
    }

    @Test
    void should_drop_the_tenants_or_users_partitions_when_invalidated() {
        SemanticPartition acmeBob = new SemanticPartition("acme", "bob", "ctx1");
        SemanticPartition acmeOther = new SemanticPartition("acme", null, "ctx2");
        SemanticPartition ab = new SemanticPartition("ab", null, "ctx1");
        SemanticPartition colon = new SemanticPartition("acme:x", null, "ctx1");
        for (SemanticPartition p : List.of(acme, acmeBob, acmeOther, ab, colon)) {
            index.add(p, key(p.tenant(), p.user(), "h1"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
            index.add(p, key(p.tenant(), p.user(), "h2"), unit(DIMENSIONS, 1, 0.0), "f", HOUR);
        }
        assertThat(index.entries()).isEqualTo(10);

        assertThat(index.invalidate(new CacheInvalidation("acme", null, "h1*"))).isZero();
        assertThat(index.invalidate(new CacheInvalidation("acme", "bob", null))).isEqualTo(2);
        assertThat(index.nearest(acmeBob, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).isEmpty();
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).hasSize(1);

        assertThat(index.invalidate(new CacheInvalidation("acme", null, null))).isEqualTo(4);
        assertThat(index.nearest(ab, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).hasSize(1);
        assertThat(index.nearest(colon, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).hasSize(1);

        assertThat(index.invalidate(CacheInvalidation.everything())).isEqualTo(4);
        assertThat(index.entries()).isZero();
    }

    @Test
    void should_see_each_others_vectors_when_two_instances_share_one_redis() {
        try (SharedRedisConnection second = new SharedRedisConnection(redis.url(), Duration.ofSeconds(2),
                Duration.ofMillis(200))) {
            RedisSemanticIndex other = new RedisSemanticIndex(second, prefix, 100, clock, e -> {
                throw new AssertionError(e);
            });

            index.add(acme, key("acme", null, "h1"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);

            assertThat(other.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5))
                    .extracting(c -> c.key().hash()).containsExactly("h1");
        }
    }
}
