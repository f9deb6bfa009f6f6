package dev.caravan.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.resilience.BreakerRegistry;
import dev.caravan.routing.LatencyTracker;
import dev.caravan.routing.ModelCatalog;
import dev.caravan.routing.ModelCatalog.CatalogEntry;
import dev.caravan.routing.ModelHealth;
import dev.caravan.routing.ModelHealthView;
import dev.caravan.routing.ModelOverride;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The admin API for models: each declared model with its configuration, the overrides stored
 * for it, the values in effect and its live metrics on this instance; and changes to whether it
 * is enabled, its priority, prices and latency budget. A change is written to
 * {@code model_overrides} and announced on the change feed (topic {@value #TOPIC}); every
 * instance, this one included, then reloads the overrides into its {@link ModelCatalog}, which
 * the router reads on the next request.
 */
public class ModelAdmin {

    /** The change-feed topic of model changes. */
    public static final String TOPIC = "model";

    static final String ENABLED = "enabled";
    static final String PRIORITY = "priority";
    static final String INPUT_PRICE = "input_price_per_1m";
    static final String OUTPUT_PRICE = "output_price_per_1m";
    static final String LATENCY_BUDGET = "latency_budget_ms";
    private static final Set<String> FIELDS = Set.of(ENABLED, PRIORITY, INPUT_PRICE, OUTPUT_PRICE, LATENCY_BUDGET);
    /** Micro-dollars per 1M tokens, at most $1M per 1M ($1 a token): anything above is a typo, not a price. */
    static final long MAX_PRICE = 1_000_000_000_000L;
    /** An hour: no latency budget beyond that means anything for an interactive gateway. */
    static final long MAX_LATENCY_BUDGET_MS = 3_600_000L;

    private final ModelCatalog catalog;
    private final ModelOverrideStore store;
    private final ChangeFeed feed;
    private final BreakerRegistry breakers;
    private final ModelHealthView health;
    private final LatencyTracker latency;

    /**
     * @param feed     null: changes apply to this instance only (tests)
     * @param breakers null: no breaker metrics
     */
    public ModelAdmin(ModelCatalog catalog, ModelOverrideStore store, ChangeFeed feed, BreakerRegistry breakers,
                      ModelHealthView health, LatencyTracker latency) {
        this.catalog = catalog;
        this.store = store;
        this.feed = feed;
        this.breakers = breakers;
        this.health = health == null ? ModelHealthView.ALL_HEALTHY : health;
        this.latency = latency;
    }

    /** Reads every stored override into the catalog (at start, and whenever the feed says a model changed). */
    public synchronized void reload() {
        catalog.applyOverrides(store.all());
    }

    public List<ModelView> list() {
        return catalog.all().stream().map(this::view).toList();
    }

    /** @throws GatewayException 404 when no such model is declared */
    public ModelView get(String id) {
        return view(entry(id));
    }

    /**
     * Applies a PATCH body: each of {@code enabled}, {@code priority}, {@code input_price_per_1m},
     * {@code output_price_per_1m}, {@code latency_budget_ms} that is present is set, or cleared
     * (back to configuration) when null; absent fields keep their override.
     *
     * @throws GatewayException 404 for an unknown model, 400 for an unknown field or a bad value
     */
    public ModelView patch(String id, JsonNode body) {
        CatalogEntry entry = entry(id);
        RoutingAdminJson.onlyFields(body, FIELDS);
        var enabled = RoutingAdminJson.bool(body, ENABLED);
        var priority = RoutingAdminJson.number(body, PRIORITY, 0, Integer.MAX_VALUE);
        var input = RoutingAdminJson.number(body, INPUT_PRICE, 0, MAX_PRICE);
        var output = RoutingAdminJson.number(body, OUTPUT_PRICE, 0, MAX_PRICE);
        var budget = RoutingAdminJson.number(body, LATENCY_BUDGET, 1, MAX_LATENCY_BUDGET_MS);
        if (enabled == null && priority == null && input == null && output == null && budget == null) {
            throw GatewayException.invalid("Nothing to change; send any of " + String.join(", ",
                    List.of(ENABLED, PRIORITY, INPUT_PRICE, OUTPUT_PRICE, LATENCY_BUDGET)) + ".", null);
        }
        String modelId = entry.configured().id();
        ModelOverride current = store.find(modelId)
                .orElse(new ModelOverride(modelId, null, null, null, null, null, null));
        Long nextPriority = merge(priority, current.priority() == null ? null : current.priority().longValue());
        ModelOverride next = new ModelOverride(modelId,
                merge(enabled, current.enabled()),
                nextPriority == null ? null : nextPriority.intValue(),
                merge(input, current.inputPricePer1m()),
                merge(output, current.outputPricePer1m()),
                merge(budget, current.latencyBudgetMs()),
                null);
        store.save(next);
        announce(modelId);
        return get(modelId);
    }

    private void announce(String modelId) {
        ModelAdminSync.announce(feed, TOPIC, modelId, this::reload);
    }

    @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
    private static <T> T merge(Optional<T> change, T current) {
        return change == null ? current : change.orElse(null);
    }

    private CatalogEntry entry(String id) {
        if (id == null) {
            throw notFound("");
        }
        return catalog.find(id).orElseThrow(() -> notFound(id));
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(ErrorKind.NOT_FOUND, "No model '" + RoutingAdminJson.clip(id)
                + "' is declared; GET /api/admin/models lists them.", "id");
    }

    private ModelView view(CatalogEntry e) {
        ModelProperties m = e.model();
        ModelOverride o = e.override();
        return new ModelView(m.id(), m.provider().id(), m.upstreamModel(), m.securityLevel().id(),
                m.capabilities().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                m.qualityTier(), m.contextWindow(), e.status().wire(),
                Settings.of(e.configured()),
                o == null || o.isEmpty() ? null : new Overrides(o.enabled(), o.priority(), o.inputPricePer1m(),
                        o.outputPricePer1m(), o.latencyBudgetMs(), o.updatedAt()),
                Settings.of(m), metrics(m.id()));
    }

    private Metrics metrics(String id) {
        ModelHealth h = health.health(id);
        OptionalDouble ewma = latency == null ? OptionalDouble.empty() : latency.ewmaMillis(id);
        CircuitBreaker breaker = breakers == null ? null : breakers.find(id).orElse(null);
        if (breaker == null) {
            return new Metrics(h == null ? null : h.name().toLowerCase(Locale.ROOT), null,
                    ewma.isPresent() ? Math.round(ewma.getAsDouble()) : null, null, null, null, null);
        }
        CircuitBreaker.Metrics bm = breaker.getMetrics();
        float rate = bm.getFailureRate();
        return new Metrics(h == null ? null : h.name().toLowerCase(Locale.ROOT),
                breaker.getState().name().toLowerCase(Locale.ROOT),
                ewma.isPresent() ? Math.round(ewma.getAsDouble()) : null,
                bm.getNumberOfBufferedCalls(), bm.getNumberOfFailedCalls(), rate < 0 ? null : rate,
                bm.getNumberOfNotPermittedCalls());
    }

    /** One model as the admin API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelView(String id, String provider, String upstreamModel, String securityLevel,
                            List<String> capabilities, int qualityTier, int contextWindow, String status,
                            Settings configured, Overrides overrides, Settings effective, Metrics metrics) {
    }

    /** The settings the admin API can change, as configured or in effect. */
    public record Settings(boolean enabled, int priority,
                           @JsonProperty("input_price_per_1m") long inputPricePer1m,
                           @JsonProperty("output_price_per_1m") long outputPricePer1m,
                           long latencyBudgetMs) {

        static Settings of(ModelProperties m) {
            return new Settings(m.enabled(), m.priority(), m.inputPricePer1m(), m.outputPricePer1m(),
                    m.latencyBudgetMs());
        }
    }

    /** What is stored for the model; fields not overridden are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Overrides(Boolean enabled, Integer priority,
                            @JsonProperty("input_price_per_1m") Long inputPricePer1m,
                            @JsonProperty("output_price_per_1m") Long outputPricePer1m,
                            Long latencyBudgetMs, Instant updatedAt) {
    }

    /**
     * This instance's view of the model now: health as the router sees it, the circuit breaker's
     * state and its window (the last calls it judged), and the rolling latency. Absent before
     * the model's first call.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metrics(String health, String breakerState, Long latencyEwmaMs, Integer windowCalls,
                          Integer windowFailedCalls, Float failureRatePercent, Long notPermittedCalls) {
    }
}
