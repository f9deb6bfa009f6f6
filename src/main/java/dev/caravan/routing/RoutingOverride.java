package dev.caravan.routing;

import jakarta.validation.constraints.NotBlank;

/**
 * A routing override for a tenant, or for one service of a tenant ({@code service} null means
 * every service of the tenant). Any of strategy, preferred provider and preferred model may be
 * null ("no opinion at this level"); the router merges levels field by field, most specific
 * first: request, tenant+service, tenant, global default.
 *
 * <p>Declared under {@code caravan.routing.overrides} (seeds) and stored in the table
 * {@code routing_overrides} (the source of truth once seeded).
 */
public record RoutingOverride(@NotBlank String tenant, String service, String strategy, String preferProvider,
                              String preferModel) {

    public RoutingOverride {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("caravan.routing.overrides: every override needs a tenant");
        }
        tenant = tenant.trim();
        service = blankToNull(service);
        strategy = blankToNull(strategy);
        preferProvider = blankToNull(preferProvider);
        preferModel = blankToNull(preferModel);
    }

    /** The strategy this override names, if it names a valid one. */
    RoutingStrategy parsedStrategy() {
        return RoutingStrategy.parse(strategy).orElse(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
