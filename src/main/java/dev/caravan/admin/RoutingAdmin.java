package dev.caravan.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.routing.ModelCatalog;
import dev.caravan.routing.ModelRouter;
import dev.caravan.routing.RoutingOverride;
import dev.caravan.routing.RoutingOverrideStore;
import dev.caravan.routing.RoutingStrategy;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API for routing: the default strategy (used when neither the request nor an
 * override names one) and the customer overrides (strategy, preferred provider and model per
 * tenant, or per tenant and service) in {@code routing_overrides}. Changes are announced on the
 * change feed (topic {@value #TOPIC}); every instance then re-reads both.
 */
public class RoutingAdmin {

    private static final Logger log = LoggerFactory.getLogger(RoutingAdmin.class);

    /** The change-feed topic of routing changes. */
    public static final String TOPIC = "routing";

    static final String DEFAULT_STRATEGY = "default_strategy";
    static final String STRATEGIES = "balanced, cost, quality, latency (or auto, cheap, fast)";
    static final int MAX_NAME = 255;

    private final ModelRouter router;
    private final RoutingOverrideStore overrides;
    private final RoutingAdminStore store;
    private final ModelCatalog catalog;
    private final ChangeFeed feed;

    /** @param feed null: changes apply to this instance only (tests) */
    public RoutingAdmin(ModelRouter router, RoutingOverrideStore overrides, RoutingAdminStore store,
                        ModelCatalog catalog, ChangeFeed feed) {
        this.router = router;
        this.overrides = overrides;
        this.store = store;
        this.catalog = catalog;
        this.feed = feed;
    }

    /** Reads the default strategy and the overrides again. */
    public synchronized void reload() {
        Optional<String> stored = store.get(RoutingAdminStore.DEFAULT_STRATEGY);
        RoutingStrategy strategy = stored.flatMap(RoutingStrategy::parse).orElse(null);
        if (stored.isPresent() && strategy == null) {
            log.warn("Routing: the stored default strategy is not a strategy; the configured one applies");
        }
        router.defaultStrategy(strategy);
        overrides.refresh();
    }

    public StrategyView defaultStrategy() {
        RoutingStrategy current = router.defaultStrategy();
        RoutingStrategy configured = router.configuredDefaultStrategy();
        return new StrategyView(current.id(), configured.id(), store.get(RoutingAdminStore.DEFAULT_STRATEGY).isPresent());
    }

    /** {@code {"default_strategy": "cost"}}; null goes back to the configured strategy. */
    public StrategyView setDefaultStrategy(JsonNode body) {
        RoutingAdminJson.onlyFields(body, Set.of(DEFAULT_STRATEGY));
        Optional<String> value = RoutingAdminJson.text(body, DEFAULT_STRATEGY, 32);
        if (value == null) {
            throw GatewayException.invalid("'" + DEFAULT_STRATEGY + "' is required: one of " + STRATEGIES
                    + ", or null for the configured one.", DEFAULT_STRATEGY);
        }
        String id = value.isEmpty() ? null : strategy(value.get(), DEFAULT_STRATEGY).id();
        store.put(RoutingAdminStore.DEFAULT_STRATEGY, id);
        announce(DEFAULT_STRATEGY);
        return defaultStrategy();
    }

    /** Every override, by tenant then service (tenant-wide first). */
    public List<OverrideView> overrides() {
        return overrides.all().stream()
                .sorted(Comparator.comparing(RoutingOverride::tenant)
                        .thenComparing(o -> o.service() == null ? "" : "\u0001" + o.service()))
                .map(RoutingAdmin::view).toList();
    }

    /**
     * Creates or replaces the override of a tenant (and service): {@code tenant} required,
     * {@code service} optional, and at least one of {@code strategy}, {@code prefer_provider},
     * {@code prefer_model}. Fields left out are "no opinion" at this level.
     */
    public OverrideView putOverride(JsonNode body) {
        RoutingAdminJson.onlyFields(body, Set.of("tenant", "service", "strategy", "prefer_provider", "prefer_model"));
        String tenant = required(RoutingAdminJson.text(body, "tenant", MAX_NAME), "tenant");
        String service = optional(RoutingAdminJson.text(body, "service", MAX_NAME));
        String strategy = optional(RoutingAdminJson.text(body, "strategy", 32));
        String provider = optional(RoutingAdminJson.text(body, "prefer_provider", 64));
        String model = optional(RoutingAdminJson.text(body, "prefer_model", MAX_NAME));
        if (strategy == null && provider == null && model == null) {
            throw GatewayException.invalid("Set at least one of strategy, prefer_provider, prefer_model.", "strategy");
        }
        if (strategy != null) {
            strategy = strategy(strategy, "strategy").id();
        }
        if (provider != null && catalog.declared().stream().noneMatch(m -> m.provider().id().equals(provider))) {
            throw GatewayException.invalid("'prefer_provider' names no provider of a declared model;"
                    + " GET /api/admin/providers lists them.", "prefer_provider");
        }
        if (model != null && catalog.find(model).isEmpty()) {
            throw GatewayException.invalid("'prefer_model' names no declared model; GET /api/admin/models lists them.",
                    "prefer_model");
        }
        RoutingOverride saved = new RoutingOverride(tenant, service, strategy, provider, model);
        overrides.save(saved);
        announce(tenant);
        return view(saved);
    }

    /** Deletes the override of exactly this tenant and service (none: the tenant-wide one). */
    public void deleteOverride(String tenant, String service) {
        if (tenant == null || tenant.isBlank()) {
            throw GatewayException.invalid("Name the override's tenant: ?tenant=…[&service=…].", "tenant");
        }
        String s = service == null || service.isBlank() ? null : service.strip();
        if (!overrides.delete(tenant.strip(), s)) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "No routing override for that tenant"
                    + (s == null ? " (tenant-wide)" : " and service") + ".", "tenant");
        }
        announce(tenant.strip());
    }

    private void announce(String subject) {
        ModelAdminSync.announce(feed, TOPIC, subject, this::reload);
    }

    private static RoutingStrategy strategy(String value, String field) {
        return RoutingStrategy.parse(value).orElseThrow(() -> GatewayException.invalid(
                "'" + field + "' must be one of " + STRATEGIES + ".", field));
    }

    @SuppressWarnings("OptionalAssignedToNull")
    private static String required(Optional<String> value, String field) {
        if (value == null || value.isEmpty()) {
            throw GatewayException.invalid("'" + field + "' is required.", field);
        }
        return value.get();
    }

    @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
    private static String optional(Optional<String> value) {
        return value == null ? null : value.orElse(null);
    }

    private static OverrideView view(RoutingOverride o) {
        return new OverrideView(o.tenant(), o.service(), o.strategy() == null ? null
                : RoutingStrategy.parse(o.strategy()).map(RoutingStrategy::id).orElse(null),
                o.preferProvider(), o.preferModel());
    }

    /**
     * @param defaultStrategy the one in effect
     * @param configured      {@code caravan.routing.default-strategy}
     * @param overridden      whether the admin API set it
     */
    public record StrategyView(String defaultStrategy, String configured, boolean overridden) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OverrideView(String tenant, String service, String strategy, String preferProvider,
                               String preferModel) {
    }
}
