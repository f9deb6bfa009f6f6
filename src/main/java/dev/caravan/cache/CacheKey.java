package dev.caravan.cache;

import java.util.Objects;

/**
 * Where an exact-cache entry lives: its scope (tenant, and the user when the cache is scoped per
 * user) and the SHA-256 (hex) of the normalized request. Null tenant or user means "none"
 * (anonymous callers in dev mode share one scope).
 */
public record CacheKey(String tenant, String user, String hash) {

    public CacheKey {
        Objects.requireNonNull(hash, "hash");
    }

    /** {@code tenant:user:hash} with each scope part encoded by {@link CacheScopes#encode}: the part of a Redis key a pattern matches. */
    public String path() {
        return CacheScopes.encode(tenant) + ":" + CacheScopes.encode(user) + ":" + hash;
    }
}
