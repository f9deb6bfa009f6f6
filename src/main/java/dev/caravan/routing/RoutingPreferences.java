package dev.caravan.routing;

import dev.caravan.gateway.RequestOptions;

/**
 * What a single request asks of routing: a strategy ({@code balanced}, {@code cost},
 * {@code quality}, {@code latency}; the aliases {@code auto}, {@code cheap}, {@code fast} too) and
 * a preferred provider or model. They come from the {@code x-caravan-strategy},
 * {@code x-caravan-prefer-provider} and {@code x-caravan-prefer-model} headers or the body fields
 * (the ingress merges them into {@link RequestOptions}). Blank means "no preference". These are
 * caller input: the router never echoes them into explanations or error messages.
 */
public record RoutingPreferences(String strategy, String preferProvider, String preferModel) {

    public static final RoutingPreferences NONE = new RoutingPreferences(null, null, null);

    public RoutingPreferences {
        strategy = blankToNull(strategy);
        preferProvider = blankToNull(preferProvider);
        preferModel = blankToNull(preferModel);
    }

    /** The preferences the ingress parsed into the request. */
    public static RoutingPreferences of(RequestOptions options) {
        return options == null ? NONE
                : new RoutingPreferences(options.strategy(), options.preferProvider(), options.preferModel());
    }

    public boolean isEmpty() {
        return strategy == null && preferProvider == null && preferModel == null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
