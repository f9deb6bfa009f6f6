package dev.caravan.routing;

import jakarta.validation.Valid;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code caravan.routing}: the global default strategy, the overrides seeded into the
 * {@code routing_overrides} table at start-up, and the routing estimates.
 *
 * @param defaultStrategy    strategy when neither request nor overrides name one: {@code balanced}
 *                           (default), {@code cost}, {@code quality} or {@code latency}
 * @param overrides          per tenant / tenant+service overrides, inserted into the table when absent
 * @param outputTokenReserve answer tokens assumed when a chat request sets no {@code max_tokens}
 *                           (context-window fit and cost estimate); default 1024
 * @param overridesRefresh   how often the override cache re-reads the table; default 5s
 */
@Validated
@ConfigurationProperties(prefix = "caravan.routing")
public record RoutingProperties(
        String defaultStrategy,
        List<@Valid RoutingOverride> overrides,
        int outputTokenReserve,
        Duration overridesRefresh) {

    public static final int DEFAULT_OUTPUT_TOKEN_RESERVE = 1024;
    public static final Duration DEFAULT_OVERRIDES_REFRESH = Duration.ofSeconds(5);

    public RoutingProperties {
        defaultStrategy = defaultStrategy == null || defaultStrategy.isBlank() ? "balanced" : defaultStrategy.trim();
        if (RoutingStrategy.parse(defaultStrategy).isEmpty()) {
            throw new IllegalArgumentException("caravan.routing.default-strategy: '" + defaultStrategy
                    + "' is not a strategy; use one of " + RoutingStrategy.ACCEPTED);
        }
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        var seen = new HashSet<String>();
        for (RoutingOverride o : overrides) {
            if (o.strategy() != null && o.parsedStrategy() == null) {
                throw new IllegalArgumentException("caravan.routing.overrides: tenant '" + o.tenant()
                        + "' names the strategy '" + o.strategy() + "'; use one of " + RoutingStrategy.ACCEPTED);
            }
            if (!seen.add(o.tenant() + '\u0000' + o.service())) {
                throw new IllegalArgumentException("caravan.routing.overrides: tenant '" + o.tenant() + "'"
                        + (o.service() == null ? "" : " service '" + o.service() + "'") + " is declared twice");
            }
        }
        outputTokenReserve = outputTokenReserve <= 0 ? DEFAULT_OUTPUT_TOKEN_RESERVE : outputTokenReserve;
        overridesRefresh = overridesRefresh == null || overridesRefresh.isNegative() || overridesRefresh.isZero()
                ? DEFAULT_OVERRIDES_REFRESH : overridesRefresh;
    }

    /** Everything at its default: balanced, no overrides, 1024 reserved answer tokens, 5 s refresh. */
    public static RoutingProperties defaults() {
        return new RoutingProperties(null, null, 0, null);
    }

    public RoutingStrategy strategy() {
        return RoutingStrategy.parse(defaultStrategy).orElseThrow();
    }
}
