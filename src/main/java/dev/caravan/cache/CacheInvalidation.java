package dev.caravan.cache;

/**
 * What to drop from the cache. All null: everything. {@code tenant}: that tenant's entries;
 * with {@code user} as well: that user's entries within the tenant. {@code pattern}: a Redis glob
 * over {@link CacheKey#path()} ({@code tenant:user:hash}), e.g. {@code acme:*}; combined with a
 * tenant it is matched within that tenant only.
 */
public record CacheInvalidation(String tenant, String user, String pattern) {

    public static CacheInvalidation everything() {
        return new CacheInvalidation(null, null, null);
    }

    /** The glob over {@link CacheKey#path()} that selects exactly these entries. */
    public String glob() {
        String t = tenant == null ? "*" : CacheScopes.encode(tenant);
        String u = user == null ? "*" : CacheScopes.encode(user);
        if (pattern == null || pattern.isBlank()) {
            return t + ":" + u + ":*";
        }
        return tenant == null ? pattern : t + ":" + (user == null ? "" : u + ":") + pattern;
    }
}
