package dev.caravan.cache;

/**
 * A stored prompt near the one looked up.
 *
 * @param key         the exact-cache entry holding its answer
 * @param similarity  cosine similarity to the looked-up prompt
 * @param fingerprint what was stored with it (see {@code SemanticGuard}): checked before it is served
 */
public record SemanticCandidate(CacheKey key, double similarity, String fingerprint) {
}
