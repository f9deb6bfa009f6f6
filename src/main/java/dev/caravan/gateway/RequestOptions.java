package dev.caravan.gateway;

/**
 * What the caller asked of the gateway itself, beside the model call: a routing strategy and
 * preferred provider or model (headers {@code x-caravan-strategy}, {@code x-caravan-prefer-provider},
 * {@code x-caravan-prefer-model}, or the body fields {@code strategy}, {@code prefer_provider},
 * {@code prefer_model}). Null fields mean "no preference".
 */
public record RequestOptions(String strategy, String preferProvider, String preferModel) {

    public static final RequestOptions NONE = new RequestOptions(null, null, null);

    /** The first non-blank of each pair: a header wins over the body field. */
    public static RequestOptions merge(RequestOptions headers, RequestOptions body) {
        return new RequestOptions(first(headers.strategy, body.strategy), first(headers.preferProvider, body.preferProvider),
                first(headers.preferModel, body.preferModel));
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
    }
}
