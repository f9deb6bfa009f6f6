package dev.caravan.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The semantic index inside this process: per partition a bounded list of vectors, searched by
 * brute force (a few thousand 384-float dot products take well under a millisecond).
 *
 * <p>Each partition is an immutable snapshot replaced on every {@link #add}, so lookups read
 * without locks while adds to one partition are serialised by the partition map. Partitions
 * are kept in Caffeine: a partition disappears when its last entry expires, and when all
 * partitions together hold more than {@code maxEntries} vectors whole partitions are evicted —
 * contexts (earlier turns, system prompt) are countless, so a per-partition cap alone would not
 * bound memory.
 */
public final class InMemorySemanticIndex implements SemanticIndex {

    public static final int DEFAULT_MAX_PER_PARTITION = 2000;

    /** Longest TTL honoured; keeps {@code now + ttl} on the nano ticker clear of overflow. */
    private static final long MAX_TTL_NANOS = Long.MAX_VALUE >> 2;

    private record Entry(CacheKey key, float[] vector, String fingerprint, long expiresAtNanos) {
        boolean expired(long now) {
            return expiresAtNanos - now <= 0;
        }
    }

    /** Entries oldest first. */
    private record Partition(Entry[] entries, long latestExpiryNanos) {
        int live(long now) {
            int live = 0;
            for (Entry e : entries) {
                if (!e.expired(now)) {
                    live++;
                }
            }
            return live;
        }
    }

    private final int maxPerPartition;
    private final Ticker ticker;
    private final Cache<String, Partition> partitions;

    public InMemorySemanticIndex(int maxPerPartition, long maxEntries) {
        this(maxPerPartition, maxEntries, Ticker.systemTicker());
    }

    /** @param ticker the time source of expiry; tests pass a fake one */
    public InMemorySemanticIndex(int maxPerPartition, long maxEntries, Ticker ticker) {
        if (maxPerPartition < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("maxPerPartition and maxEntries must be at least 1");
        }
        this.maxPerPartition = maxPerPartition;
        this.ticker = ticker;
        this.partitions = Caffeine.newBuilder()
                // at least one full partition fits, or a full partition would evict itself
                .maximumWeight(Math.max(maxEntries, maxPerPartition))
                .<String, Partition>weigher((path, partition) -> partition.entries().length)
                .expireAfter(new UntilLastEntryExpires())
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public List<SemanticCandidate> nearest(SemanticPartition partition, float[] vector, double threshold, int limit) {
        Partition stored = partitions.getIfPresent(partition.path());
        if (stored == null || limit < 1) {
            return List.of();
        }
        long now = ticker.read();
        List<SemanticCandidate> found = new ArrayList<>();
        for (Entry e : stored.entries()) {
            if (e.expired(now) || e.vector().length != vector.length) {
                continue;
            }
            double similarity = dot(e.vector(), vector);
            if (similarity >= threshold) {
                found.add(new SemanticCandidate(e.key(), similarity, e.fingerprint()));
            }
        }
        found.sort(Comparator.comparingDouble(SemanticCandidate::similarity).reversed());
        return found.size() <= limit ? found : List.copyOf(found.subList(0, limit));
    }

    /** Adding a key already in the partition replaces its entry. A non-positive TTL adds nothing. */
    @Override
    public void add(SemanticPartition partition, CacheKey key, float[] vector, String fingerprint, Duration ttl) {
        Objects.requireNonNull(key, "key");
        long ttlNanos = Math.min(CaffeineResponseCache.saturatedNanos(ttl), MAX_TTL_NANOS);
        if (ttlNanos <= 0) {
            return;
        }
        long now = ticker.read();
        Entry entry = new Entry(key, vector.clone(), fingerprint, now + ttlNanos);
        partitions.asMap().compute(partition.path(), (path, current) -> withEntry(current, entry, now));
    }

    private Partition withEntry(Partition current, Entry added, long now) {
        List<Entry> kept = new ArrayList<>();
        if (current != null) {
            for (Entry e : current.entries()) {
                if (!e.key().equals(added.key())) {
                    kept.add(e);
                }
            }
        }
        if (kept.size() >= maxPerPartition) {
            kept.removeIf(e -> e.expired(now));
        }
        if (kept.size() >= maxPerPartition) {
            kept.subList(0, kept.size() - maxPerPartition + 1).clear();
        }
        kept.add(added);
        long latest = added.expiresAtNanos();
        for (Entry e : kept) {
            if (e.expiresAtNanos() - latest > 0) {
                latest = e.expiresAtNanos();
            }
        }
        return new Partition(kept.toArray(Entry[]::new), latest);
    }

    /** Drops the partitions of a tenant (and user); returns the live vectors dropped. A pattern drops nothing. */
    @Override
    public long invalidate(CacheInvalidation what) {
        if (what.pattern() != null && !what.pattern().isBlank()) {
            return 0;
        }
        RedisGlob glob = RedisGlob.compile(new CacheInvalidation(what.tenant(), what.user(), null).glob());
        long now = ticker.read();
        long dropped = 0;
        for (String path : partitions.asMap().keySet()) {
            if (glob.matches(path)) {
                Partition removed = partitions.asMap().remove(path);
                dropped += removed == null ? 0 : removed.live(now);
            }
        }
        return dropped;
    }

    @Override
    public long entries() {
        long now = ticker.read();
        long live = 0;
        for (Partition p : partitions.asMap().values()) {
            live += p.live(now);
        }
        return live;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static final class UntilLastEntryExpires implements Expiry<String, Partition> {

        @Override
        public long expireAfterCreate(String path, Partition partition, long currentTime) {
            return Math.max(0, partition.latestExpiryNanos() - currentTime);
        }

        @Override
        public long expireAfterUpdate(String path, Partition partition, long currentTime, long currentDuration) {
            return expireAfterCreate(path, partition, currentTime);
        }

        @Override
        public long expireAfterRead(String path, Partition partition, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
