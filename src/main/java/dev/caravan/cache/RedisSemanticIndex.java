package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic index in Redis, shared by every gateway instance: one hash per partition,
 * {@code <prefix>s:<tenant>:<user>:<context>}, with one field per stored prompt (the
 * {@link CacheKey#hash()} of its answer) whose value is
 * {@code 1|<expiresAt ms>|<storedAt ms>|<vector: base64 of little-endian float32>|<fingerprint>}.
 * The tenant and user of the answer's key are those of the partition.
 *
 * <p>Redis can only expire a whole hash, so each field carries its own expiry: lookups skip and
 * remove expired fields, and the hash itself expires with its longest-lived field. Beyond
 * {@code maxPerPartition} fields, expired then oldest fields are dropped.
 *
 * <p>No method throws when Redis fails: the failure goes to {@code onFailure} and the call finds
 * nothing, or 0.
 */
public final class RedisSemanticIndex implements SemanticIndex {

    private static final Logger log = LoggerFactory.getLogger(RedisSemanticIndex.class);

    private static final String FORMAT = "1";

    /** Stores the field and extends the hash's life to at least this field's, atomically; returns HLEN. */
    private static final String ADD = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            local ttl = tonumber(ARGV[3])
            if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
            return redis.call('HLEN', KEYS[1])
            """;

    /** Fields in the given hashes; with ARGV[1] = 'unlink' the hashes are removed as well. */
    private static final String COUNT_FIELDS = """
            local n = 0
            for _, key in ipairs(KEYS) do
              n = n + redis.call('HLEN', key)
              if ARGV[1] == 'unlink' then redis.call('UNLINK', key) end
            end
            return n
            """;

    private record Stored(String field, long expiresAt, long storedAt, byte[] vector, String fingerprint) {
    }

    private final SharedRedisConnection redis;
    private final String partitionPrefix;
    private final int maxPerPartition;
    private final Clock clock;
    private final Consumer<RuntimeException> onFailure;

    /** Standalone: failures are logged at debug level and otherwise ignored. */
    public RedisSemanticIndex(SharedRedisConnection redis, String keyPrefix, int maxPerPartition) {
        this(redis, keyPrefix, maxPerPartition, Clock.systemUTC(),
                e -> log.debug("Redis semantic index call failed: {}", e.toString()));
    }

    /**
     * @param keyPrefix prepended to every key, e.g. {@code caravan:cache:}
     * @param clock     the time entries expire by
     * @param onFailure told of every failed Redis call
     */
    public RedisSemanticIndex(SharedRedisConnection redis, String keyPrefix, int maxPerPartition, Clock clock,
            Consumer<RuntimeException> onFailure) {
        if (maxPerPartition < 1) {
            throw new IllegalArgumentException("maxPerPartition must be at least 1: " + maxPerPartition);
        }
        this.redis = Objects.requireNonNull(redis, "redis");
        this.partitionPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix") + "s:";
        this.maxPerPartition = maxPerPartition;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    @Override
    public List<SemanticCandidate> nearest(SemanticPartition partition, float[] vector, double threshold, int limit) {
        if (limit < 1) {
            return List.of();
        }
        String hash = partitionPrefix + partition.path();
        try {
            RedisCommands<String, String> commands = redis.commands();
            Map<String, String> fields = commands.hgetall(hash);
            long now = clock.millis();
            List<String> expired = new ArrayList<>();
            List<SemanticCandidate> found = new ArrayList<>();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                Stored stored = decode(field.getKey(), field.getValue());
                if (stored == null) {
                    continue;
                }
                if (stored.expiresAt() <= now) {
                    expired.add(field.getKey());
                    continue;
                }
                if (stored.vector().length != vector.length * Float.BYTES) {
                    continue;
                }
                double similarity = dot(stored.vector(), vector);
                if (similarity >= threshold) {
                    CacheKey key = new CacheKey(partition.tenant(), partition.user(), stored.field());
                    found.add(new SemanticCandidate(key, similarity, stored.fingerprint()));
                }
            }
            if (!expired.isEmpty()) {
                commands.hdel(hash, expired.toArray(String[]::new));
            }
            found.sort(Comparator.comparingDouble(SemanticCandidate::similarity).reversed());
            return found.size() <= limit ? found : List.copyOf(found.subList(0, limit));
        } catch (RuntimeException e) {
            onFailure.accept(e);
            return List.of();
        }
    }

    /** Adding a key already in the partition replaces its entry. A TTL under one millisecond adds nothing. */
    @Override
    public void add(SemanticPartition partition, CacheKey key, float[] vector, String fingerprint, Duration ttl) {
        long ttlMillis = CaffeineResponseCache.saturatedNanos(ttl) / 1_000_000;
        if (ttlMillis <= 0) {
            return;
        }
        long now = clock.millis();
        long expiresAt = ttlMillis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ttlMillis;
        String hash = partitionPrefix + partition.path();
        String value = encode(expiresAt, now, vector, fingerprint);
        try {
            RedisCommands<String, String> commands = redis.commands();
            Long fields = commands.eval(ADD, ScriptOutputType.INTEGER, new String[] {hash},
                    key.hash(), value, Long.toString(ttlMillis));
            if (fields != null && fields > maxPerPartition) {
                trim(commands, hash, now);
            }
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    /** Drops expired fields, then the oldest, until the partition holds {@code maxPerPartition}. */
    private void trim(RedisCommands<String, String> commands, String hash, long now) {
        List<Stored> live = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<String, String> field : commands.hgetall(hash).entrySet()) {
            Stored stored = decode(field.getKey(), field.getValue());
            if (stored == null) {
                continue;
            }
            if (stored.expiresAt() <= now) {
                dropped.add(field.getKey());
            } else {
                live.add(stored);
            }
        }
        if (live.size() > maxPerPartition) {
            live.sort(Comparator.comparingLong(Stored::storedAt));
            for (Stored oldest : live.subList(0, live.size() - maxPerPartition)) {
                dropped.add(oldest.field());
            }
        }
        if (!dropped.isEmpty()) {
            commands.hdel(hash, dropped.toArray(String[]::new));
        }
    }

    /**
     * Removes the hashes of a tenant (and user), found by SCAN; returns the fields they held,
     * expired ones included. A pattern drops nothing.
     */
    @Override
    public long invalidate(CacheInvalidation what) {
        if (what.pattern() != null && !what.pattern().isBlank()) {
            return 0;
        }
        boolean everything = what.tenant() == null && what.user() == null;
        String scope = everything ? "*" : new CacheInvalidation(what.tenant(), what.user(), null).glob();
        return countFields(RedisGlob.escape(partitionPrefix) + scope, "unlink");
    }

    /** Fields in all partitions, expired ones not yet removed included. */
    @Override
    public long entries() {
        return countFields(RedisGlob.escape(partitionPrefix) + "*", "count");
    }

    private long countFields(String match, String mode) {
        AtomicLong fields = new AtomicLong();
        try {
            RedisCommands<String, String> commands = redis.commands();
            redis.scan(match, keys -> {
                Long n = commands.eval(COUNT_FIELDS, ScriptOutputType.INTEGER, keys.toArray(String[]::new), mode);
                fields.addAndGet(n == null ? 0 : n);
            });
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
        return fields.get();
    }

    static String encode(long expiresAt, long storedAt, float[] vector, String fingerprint) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            bytes.putFloat(f);
        }
        return FORMAT + '|' + expiresAt + '|' + storedAt + '|' + Base64.getEncoder().encodeToString(bytes.array())
                + '|' + (fingerprint == null ? "" : fingerprint);
    }

    /** Null when the value is not in this format (written by another version: left alone). */
    private static Stored decode(String field, String value) {
        String[] parts = value.split("\\|", 5);
        if (parts.length != 5 || !FORMAT.equals(parts[0])) {
            return null;
        }
        try {
            return new Stored(field, Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    Base64.getDecoder().decode(parts[3]), parts[4]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static double dot(byte[] littleEndianFloats, float[] vector) {
        ByteBuffer stored = ByteBuffer.wrap(littleEndianFloats).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        for (int i = 0; i < vector.length; i++) {
            sum += stored.getFloat(i * Float.BYTES) * vector[i];
        }
        return sum;
    }
}
