package dev.caravan.cache;

/**
 * The set of stored prompts a semantic lookup may compare against: one scope (tenant, user) and
 * one context — the hash of everything but the last user message (model, system prompt, earlier
 * turns, parameters, sensitivity). Entries of different partitions are never compared.
 */
public record SemanticPartition(String tenant, String user, String context) {

    /** {@code tenant:user:context}, scope parts encoded as in {@link CacheKey#path()}. */
    public String path() {
        return CacheScopes.encode(tenant) + ":" + CacheScopes.encode(user) + ":" + context;
    }
}
