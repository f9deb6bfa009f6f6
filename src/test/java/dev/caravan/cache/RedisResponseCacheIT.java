package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import static dev.caravan.cache.TestAnswers.answer;
import static dev.caravan.cache.TestAnswers.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caravan.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RedisResponseCache} against a real Redis ({@link TestRedis}); each test writes under its own key prefix. */
class RedisResponseCacheIT {

    private static TestRedis redis;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> rawConnection;
    private static RedisCommands<String, String> raw;

    private SharedRedisConnection connection;
    private String prefix;
    private RedisResponseCache cache;

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
        connection = newConnection();
        cache = new RedisResponseCache(connection, prefix);
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    private static SharedRedisConnection newConnection() {
        return new SharedRedisConnection(redis.url(), Duration.ofSeconds(2), Duration.ofMillis(200));
    }

    @Test
    void should_return_the_stored_answer_when_the_key_matches() {
        cache.put(key("acme", null, "h1"), answer("hello"), Duration.ofMinutes(5));

        assertThat(cache.get(key("acme", null, "h1"))).contains(answer("hello"));
        assertThat(cache.get(key("acme", null, "h2"))).isEmpty();
        assertThat(cache.get(key("acme", "bob", "h1"))).isEmpty();
        assertThat(cache.entries()).isEqualTo(1);
        assertThat(cache.backend()).isEqualTo("redis");
    }

    @Test
    void should_store_json_under_the_documented_key_with_the_ttl_when_putting() {
        cache.put(key("acme:corp", "bob@x", "h1"), answer("hello"), Duration.ofMinutes(5));

        String redisKey = prefix + "e:acme%3Acorp:bob%40x:h1";
        assertThat(raw.get(redisKey)).contains("\"text\":\"hello\"").contains("\"storedAt\":\"2025-01-02T03:04:05.678Z\"");
        assertThat(raw.pttl(redisKey)).isBetween(Duration.ofMinutes(4).toMillis(), Duration.ofMinutes(5).toMillis());
    }

    @Test
    void should_expire_the_entry_when_its_ttl_has_passed() {
        cache.put(key("acme", null, "short"), answer("s"), Duration.ofMillis(300));
        cache.put(key("acme", null, "long"), answer("l"), Duration.ofMinutes(5));

        await().atMost(Duration.ofSeconds(5)).until(() -> cache.get(key("acme", null, "short")).isEmpty());

        assertThat(cache.get(key("acme", null, "long"))).isPresent();
    }

    @Test
    void should_treat_an_unreadable_entry_as_a_miss() {
        raw.set(prefix + "e:acme:_:h1", "{not json");

        assertThat(cache.get(key("acme", null, "h1"))).isEmpty();
    }

    @Test
    void should_drop_every_matching_key_when_they_span_many_scan_pages() {
        int many = SharedRedisConnection.SCAN_COUNT * 2 + 500;
        var async = rawConnection.async();
        String json = jsonOf(answer("a"));
        for (int i = 0; i < many; i++) {
            async.set(prefix + "e:a:_:h" + i, json);
        }
        for (String tenant : new String[] {"ab", "a%3Ab", "a%2A", "_"}) {
            async.set(prefix + "e:" + tenant + ":_:h1", json);
        }
        raw.set("other:" + prefix + "e:a:_:h1", json);
        assertThat(cache.entries()).isEqualTo(many + 4);

        long dropped = cache.invalidate(new CacheInvalidation("a", null, null));

        assertThat(dropped).isEqualTo(many);
        assertThat(cache.entries()).isEqualTo(4);
        assertThat(cache.get(key("ab", null, "h1"))).isPresent();
        assertThat(cache.get(key("a:b", null, "h1"))).isPresent();
        assertThat(cache.get(key("a*", null, "h1"))).isPresent();
        assertThat(raw.exists("other:" + prefix + "e:a:_:h1")).isEqualTo(1);
        raw.del("other:" + prefix + "e:a:_:h1");
    }

    @Test
    void should_drop_by_user_and_by_pattern_when_asked_to() {
        cache.put(key("a", "bob", "h1"), answer("x"), Duration.ofMinutes(5));
        cache.put(key("a", "eve", "h1"), answer("x"), Duration.ofMinutes(5));
        cache.put(key("a", null, "h2"), answer("x"), Duration.ofMinutes(5));
        cache.put(key("b", null, "h2"), answer("x"), Duration.ofMinutes(5));

        assertThat(cache.invalidate(new CacheInvalidation("a", "bob", null))).isEqualTo(1);
        assertThat(cache.invalidate(new CacheInvalidation("a", null, "*:h2"))).isEqualTo(1);
        assertThat(cache.get(key("b", null, "h2"))).isPresent();
        assertThat(cache.invalidate(CacheInvalidation.everything())).isEqualTo(2);
        assertThat(cache.entries()).isZero();
    }

    @Test
    void should_see_each_others_entries_when_two_instances_share_one_redis() {
        try (SharedRedisConnection secondConnection = newConnection()) {
            RedisResponseCache second = new RedisResponseCache(secondConnection, prefix);

            cache.put(key("acme", null, "h1"), answer("from the first"), Duration.ofMinutes(5));
            second.put(key("acme", null, "h2"), answer("from the second"), Duration.ofMinutes(5));

            assertThat(second.get(key("acme", null, "h1"))).contains(answer("from the first"));
            assertThat(cache.get(key("acme", null, "h2"))).contains(answer("from the second"));

            second.invalidate(new CacheInvalidation("acme", null, null));
            assertThat(cache.get(key("acme", null, "h1"))).isEmpty();
        }
    }

    @Test
    void should_leave_other_prefixes_alone_when_invalidating_everything() {
        RedisResponseCache neighbour = new RedisResponseCache(connection, prefix + "n:");
        neighbour.put(key("acme", null, "h1"), answer("n"), Duration.ofMinutes(5));
        cache.put(key("acme", null, "h1"), answer("c"), Duration.ofMinutes(5));

        assertThat(cache.invalidate(CacheInvalidation.everything())).isEqualTo(1);
        assertThat(neighbour.get(key("acme", null, "h1"))).isPresent();
    }

    /** The value the cache itself writes, so that bulk-written keys read back as answers. */
    private String jsonOf(CachedAnswer answer) {
        cache.put(key("template", null, "h"), answer, Duration.ofMinutes(1));
        String redisKey = prefix + "e:template:_:h";
        String json = raw.get(redisKey);
        raw.del(redisKey);
        return json;
    }
}
