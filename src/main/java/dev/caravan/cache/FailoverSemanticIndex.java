package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The semantic index when Redis is configured: Redis while it answers, the in-process index while
 * it does not, switching together with {@link FailoverResponseCache} through the shared
 * {@link RedisAvailability} (a vector found in one store points to an answer in the same store).
 * Outage-time entries and invalidations are handled as in {@link FailoverResponseCache}.
 */
public final class FailoverSemanticIndex implements SemanticIndex {

    private final RedisSemanticIndex redis;
    private final SemanticIndex local;
    private final RedisAvailability availability;
    private final PendingInvalidations pending;

    /**
     * @param keyPrefix prepended to every Redis key, e.g. {@code caravan:cache:}
     * @param local     the stand-in, normally an {@link InMemorySemanticIndex}
     */
    public FailoverSemanticIndex(SharedRedisConnection redis, String keyPrefix, int maxPerPartition,
            SemanticIndex local, RedisAvailability availability) {
        this.availability = Objects.requireNonNull(availability, "availability");
        this.redis = new RedisSemanticIndex(redis, keyPrefix, maxPerPartition, Clock.systemUTC(), availability::failed);
        this.local = Objects.requireNonNull(local, "local");
        this.pending = new PendingInvalidations(availability);
        availability.onRecovery(() -> {
            pending.replayOn(this.redis::invalidate);
            this.local.invalidate(CacheInvalidation.everything());
        });
    }

    @Override
    public List<SemanticCandidate> nearest(SemanticPartition partition, float[] vector, double threshold, int limit) {
        if (availability.available()) {
            List<SemanticCandidate> found = redis.nearest(partition, vector, threshold, limit);
            if (availability.available()) {
                return found;
            }
        }
        return local.nearest(partition, vector, threshold, limit);
    }

    @Override
    public void add(SemanticPartition partition, CacheKey key, float[] vector, String fingerprint, Duration ttl) {
        if (availability.available()) {
            redis.add(partition, key, vector, fingerprint, ttl);
            if (availability.available()) {
                return;
            }
        }
        local.add(partition, key, vector, fingerprint, ttl);
    }

    @Override
    public long invalidate(CacheInvalidation what) {
        long droppedLocally = local.invalidate(what);
        if (availability.available()) {
            long dropped = redis.invalidate(what);
            if (availability.available()) {
                return dropped;
            }
        }
        pending.add(what);
        return droppedLocally;
    }

    @Override
    public long entries() {
        if (availability.available()) {
            long entries = redis.entries();
            if (availability.available()) {
                return entries;
            }
        }
        return local.entries();
    }
}
