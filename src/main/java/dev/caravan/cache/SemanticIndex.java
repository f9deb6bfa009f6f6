package dev.caravan.cache;

import java.time.Duration;
import java.util.List;

/**
 * Prompt vectors by partition, for the semantic cache. Vectors are unit length (all-MiniLM-L6-v2
 * normalized), so cosine similarity is the dot product. Like {@link ResponseCache}, a backend
 * that is down yields no candidates rather than an error.
 */
public interface SemanticIndex {

    /** Up to {@code limit} entries of the partition with similarity ≥ {@code threshold}, nearest first; expired entries never. */
    List<SemanticCandidate> nearest(SemanticPartition partition, float[] vector, double threshold, int limit);

    void add(SemanticPartition partition, CacheKey key, float[] vector, String fingerprint, Duration ttl);

    /** Drops whole partitions selected by tenant/user (a pattern drops nothing here: stale entries whose answer is gone are skipped and removed on lookup). */
    long invalidate(CacheInvalidation what);

    /** Vectors currently held. */
    long entries();
}
