package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The exact cache when Redis is configured: Redis while it answers, the in-process cache while
 * it does not. A Redis call that fails is answered from this process at once (the caller sees a
 * miss at worst), and {@link RedisAvailability} brings Redis back when it answers again.
 *
 * <p>Answers stored during an outage stay in this process only, and are dropped when Redis is
 * back (another instance may invalidate them in Redis meanwhile, which this process would never
 * hear of). Invalidations made during an outage are replayed on Redis before it is used again,
 * so an answer dropped then does not come back with Redis.
 */
public final class FailoverResponseCache implements ResponseCache {

    private final RedisResponseCache redis;
    private final ResponseCache local;
    private final RedisAvailability availability;
    private final PendingInvalidations pending;

    /**
     * @param keyPrefix prepended to every Redis key, e.g. {@code caravan:cache:}
     * @param local     the stand-in, normally a {@link CaffeineResponseCache}
     */
    public FailoverResponseCache(SharedRedisConnection redis, String keyPrefix, ResponseCache local,
            RedisAvailability availability) {
        this.availability = Objects.requireNonNull(availability, "availability");
        this.redis = new RedisResponseCache(redis, keyPrefix, availability::failed);
        this.local = Objects.requireNonNull(local, "local");
        this.pending = new PendingInvalidations(availability);
        availability.onRecovery(() -> {
            pending.replayOn(this.redis::invalidate);
            this.local.invalidate(CacheInvalidation.everything());
        });
    }

    // Each method asks Redis only while it is up, and asks again afterwards: a call that failed
    // has marked Redis down, and its result (a miss, a lost write) is then replaced by the local one.

    @Override
    public Optional<CachedAnswer> get(CacheKey key) {
        if (availability.available()) {
            Optional<CachedAnswer> answer = redis.get(key);
            if (availability.available()) {
                return answer;
            }
        }
        return local.get(key);
    }

    @Override
    public void put(CacheKey key, CachedAnswer answer, Duration ttl) {
        if (availability.available()) {
            redis.put(key, answer, ttl);
            if (availability.available()) {
                return;
            }
        }
        local.put(key, answer, ttl);
    }

    /** Returns what Redis dropped, or while it is down what the in-process cache dropped. */
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

    @Override
    public String backend() {
        return availability.available() ? redis.backend() : local.backend();
    }

    @Override
    public boolean degraded() {
        return availability.degraded();
    }
}
