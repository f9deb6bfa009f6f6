package dev.caravan.cache;

import java.util.Locale;

/**
 * What the cache stage found for one request (exchange variable {@code cacheResult}), and what the
 * finish stage needs to store the answer afterwards.
 *
 * @param reason     why the cache was bypassed ({@code disabled}, {@code caller}, {@code restricted},
 *                   {@code non-deterministic}, {@code not-chat}), or how a miss came about ({@code refresh})
 * @param key        the exact-cache key; null when bypassed
 * @param partition  the semantic partition; null when the request cannot be compared semantically
 * @param vector     the embedded prompt, once the semantic step has run
 * @param lookup     whether the cache may answer this request
 * @param store      whether this request's answer may be stored
 */
public record CacheResult(
        Status status,
        String reason,
        CacheKey key,
        SemanticPartition partition,
        String semanticText,
        float[] vector,
        String fingerprint,
        CachedAnswer answer,
        double similarity,
        boolean lookup,
        boolean store) {

    public enum Status {
        HIT, SEMANTIC_HIT, MISS, BYPASS;

        /** The value of the {@code x-caravan-cache} reply header and the metering column. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static CacheResult bypass(String reason) {
        return new CacheResult(Status.BYPASS, reason, null, null, null, null, null, null, 0, false, false);
    }

    public boolean hit() {
        return status == Status.HIT || status == Status.SEMANTIC_HIT;
    }

    /** No hit: the request goes on to routing and a provider. */
    public boolean needsRoute() {
        return !hit();
    }

    /** Whether the prompt should be embedded: to look it up semantically, or to index it with its answer. */
    public boolean needsEmbedding() {
        return status == Status.MISS && partition != null && vector == null && (lookup || store);
    }

    public String header() {
        return status.id();
    }

    CacheResult withVector(float[] embedded) {
        return new CacheResult(status, reason, key, partition, semanticText, embedded, fingerprint, answer, similarity, lookup, store);
    }

    CacheResult semanticHit(CacheKey matched, CachedAnswer found, double score) {
        return new CacheResult(Status.SEMANTIC_HIT, null, matched, partition, semanticText, vector, fingerprint, found, score,
                lookup, false);
    }
}
