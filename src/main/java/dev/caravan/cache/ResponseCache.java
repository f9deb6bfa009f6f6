package dev.caravan.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * The exact cache: answers by {@link CacheKey}. Implementations: in-process (Caffeine), Redis,
 * and the failover pair that serves from Caffeine while Redis is unreachable. No method throws
 * because the backend is down: a cache that cannot answer is a miss, never a failed request.
 */
public interface ResponseCache {

    Optional<CachedAnswer> get(CacheKey key);

    void put(CacheKey key, CachedAnswer answer, Duration ttl);

    /** Drops the selected entries (Redis: SCAN + UNLINK, never KEYS); returns how many. */
    long invalidate(CacheInvalidation what);

    /** Entries currently held (Redis: counted by SCAN over the cache's key prefix). */
    long entries();

    /** {@code caffeine} or {@code redis}: where answers are served from right now. */
    String backend();

    /** True while a configured Redis is unreachable and the in-process cache stands in. */
    boolean degraded();
}
