package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact cache in Redis, shared by every gateway instance: one string key per answer,
 * {@code <prefix>e:<tenant>:<user>:<hash>}, holding the answer as JSON and expiring with its
 * TTL ({@code SET ... PX}).
 *
 * <p>No method throws when Redis fails: the failure goes to {@code onFailure} (the
 * {@link RedisAvailability} when wrapped by {@link FailoverResponseCache}) and the call answers
 * as a miss, or 0. An entry that cannot be read (written by an incompatible version) is a miss.
 */
public final class RedisResponseCache implements ResponseCache {

    private static final Logger log = LoggerFactory.getLogger(RedisResponseCache.class);

    private static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // instances of different versions share one Redis during a rolling update
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectWriter WRITER = JSON.writerFor(CachedAnswer.class);
    private static final ObjectReader READER = JSON.readerFor(CachedAnswer.class);

    private final SharedRedisConnection redis;
    private final String entryPrefix;
    private final Consumer<RuntimeException> onFailure;

    /** Standalone: failures are logged at debug level and otherwise ignored. */
    public RedisResponseCache(SharedRedisConnection redis, String keyPrefix) {
        this(redis, keyPrefix, e -> log.debug("Redis cache call failed: {}", e.toString()));
    }

    /**
     * @param keyPrefix prepended to every key, e.g. {@code caravan:cache:}
     * @param onFailure told of every failed Redis call
     */
    public RedisResponseCache(SharedRedisConnection redis, String keyPrefix, Consumer<RuntimeException> onFailure) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.entryPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix") + "e:";
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    @Override
    public Optional<CachedAnswer> get(CacheKey key) {
        String json;
        try {
            json = redis.commands().get(entryPrefix + key.path());
        } catch (RuntimeException e) {
            onFailure.accept(e);
            return Optional.empty();
        }
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(READER.readValue(json));
        } catch (JsonProcessingException e) {
            log.debug("Unreadable cache entry {} ignored: {}", key.path(), e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** A TTL under one millisecond stores nothing. */
    @Override
    public void put(CacheKey key, CachedAnswer answer, Duration ttl) {
        long ttlMillis = CaffeineResponseCache.saturatedNanos(ttl) / 1_000_000;
        if (ttlMillis <= 0) {
            return;
        }
        String json;
        try {
            json = WRITER.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("answer cannot be written as JSON", e);
        }
        try {
            redis.commands().set(entryPrefix + key.path(), json, SetArgs.Builder.px(ttlMillis));
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    /** SCAN for the matching keys, UNLINK page by page; returns the keys removed. */
    @Override
    public long invalidate(CacheInvalidation what) {
        String match = RedisGlob.escape(entryPrefix) + what.glob();
        AtomicLong dropped = new AtomicLong();
        try {
            RedisCommands<String, String> commands = redis.commands();
            redis.scan(match, keys -> dropped.addAndGet(commands.unlink(keys.toArray(String[]::new))));
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
        return dropped.get();
    }

    @Override
    public long entries() {
        AtomicLong count = new AtomicLong();
        try {
            redis.scan(RedisGlob.escape(entryPrefix) + "*", keys -> count.addAndGet(keys.size()));
        } catch (RuntimeException e) {
            onFailure.accept(e);
            return 0;
        }
        return count.get();
    }

    @Override
    public String backend() {
        return "redis";
    }

    /** Always false: standing in for a Redis that is down is {@link FailoverResponseCache}'s job. */
    @Override
    public boolean degraded() {
        return false;
    }
}
