package dev.caravan.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The exact cache inside this process: the default when no Redis is configured, and the stand-in
 * while a configured Redis is unreachable. Each entry lives for the TTL it was stored with
 * (answers of different models and tasks age differently); beyond {@code maxEntries} Caffeine
 * evicts by recency and frequency.
 *
 * <p>Entries are keyed by {@link CacheKey#path()}, the same string a Redis key ends with, so an
 * invalidation pattern selects the same entries here as in Redis.
 */
public final class CaffeineResponseCache implements ResponseCache {

    private record Entry(CachedAnswer answer, long ttlNanos) {
    }

    private final Cache<String, Entry> cache;

    public CaffeineResponseCache(long maxEntries) {
        this(maxEntries, Ticker.systemTicker());
    }

    /** @param ticker the time source of expiry; tests pass a fake one */
    public CaffeineResponseCache(long maxEntries, Ticker ticker) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new PerEntryTtl())
                .ticker(ticker)
                // evict on the calling thread: no work left for the common pool, and tests see the result at once
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Optional<CachedAnswer> get(CacheKey key) {
        Entry entry = cache.getIfPresent(key.path());
        return entry == null ? Optional.empty() : Optional.of(entry.answer());
    }

    /** A non-positive TTL stores nothing: the answer would be expired already. */
    @Override
    public void put(CacheKey key, CachedAnswer answer, Duration ttl) {
        Objects.requireNonNull(answer, "answer");
        long ttlNanos = saturatedNanos(ttl);
        if (ttlNanos > 0) {
            cache.put(key.path(), new Entry(answer, ttlNanos));
        }
    }

    @Override
    public long invalidate(CacheInvalidation what) {
        RedisGlob glob = RedisGlob.compile(what.glob());
        long dropped = 0;
        for (String path : cache.asMap().keySet()) {
            if (glob.matches(path) && cache.asMap().remove(path) != null) {
                dropped++;
            }
        }
        return dropped;
    }

    @Override
    public long entries() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public String backend() {
        return "caffeine";
    }

    @Override
    public boolean degraded() {
        return false;
    }

    static long saturatedNanos(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            return 0;
        }
        return ttl.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : ttl.toNanos();
    }

    /** The TTL given to {@link #put}; a read does not extend it. */
    private static final class PerEntryTtl implements Expiry<String, Entry> {

        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
