package dev.caravan.gateway;

/**
 * What the caller asked of the response cache: {@code bypass} (header {@code x-caravan-cache: false}
 * or body {@code "cache": false}) neither reads nor writes it; {@code refresh} (body
 * {@code "force_refresh": true} or {@code Cache-Control: no-cache}) skips the lookup but stores the
 * new answer; {@code noStore} ({@code Cache-Control: no-store}) may be answered from the cache but
 * leaves nothing in it.
 */
public record CacheControl(boolean bypass, boolean refresh, boolean noStore) {

    public static final CacheControl DEFAULT = new CacheControl(false, false, false);

    /** Either side asking for less caching wins. */
    public CacheControl and(CacheControl other) {
        return new CacheControl(bypass || other.bypass, refresh || other.refresh, noStore || other.noStore);
    }
}
