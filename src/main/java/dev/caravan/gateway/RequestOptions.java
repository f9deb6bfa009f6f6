package dev.caravan.gateway;

/**
 * What the caller asked of the gateway itself, beside the model call: a routing strategy and
 * preferred provider or model (headers {@code x-caravan-strategy}, {@code x-caravan-prefer-provider},
 * {@code x-caravan-prefer-model}, or the body fields {@code strategy}, {@code prefer_provider},
 * {@code prefer_model}), and the cache controls. Null fields mean "no preference".
 */
public record RequestOptions(String strategy, String preferProvider, String preferModel, CacheControl cache) {

    public static final RequestOptions NONE = new RequestOptions(null, null, null);

    public RequestOptions {
        cache = cache == null ? CacheControl.DEFAULT : cache;
    }

    public RequestOptions(String strategy, String preferProvider, String preferModel) {
        this(strategy, preferProvider, preferModel, CacheControl.DEFAULT);
    }

    /** The first non-blank of each pair (a header wins over the body field); cache controls combine. */
    public static RequestOptions merge(RequestOptions headers, RequestOptions body) {
        return new RequestOptions(first(headers.strategy, body.strategy), first(headers.preferProvider, body.preferProvider),
                first(headers.preferModel, body.preferModel), headers.cache.and(body.cache));
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
    }
}
