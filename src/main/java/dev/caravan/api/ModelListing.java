package dev.caravan.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.caravan.config.Capability;
import dev.caravan.config.ModelProperties;
import dev.caravan.routing.LatencyTracker;
import dev.caravan.routing.ModelCatalog;
import dev.caravan.routing.ModelRouter;
import dev.caravan.routing.VirtualModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.springframework.stereotype.Component;

/**
 * {@code GET /v1/models}: OpenAI's model list, each entry extended with Caravan's own fields,
 * followed by the virtual models and what each resolves to at this moment.
 */
@Component
public class ModelListing {

    /** Listings need a stable "created"; the gateway's models have no creation date of their own. */
    private static final long CREATED = 1_700_000_000L;

    private final ModelCatalog catalog;
    private final ModelRouter router;
    private final LatencyTracker latency;

    public ModelListing(ModelCatalog catalog, ModelRouter router, LatencyTracker latency) {
        this.catalog = catalog;
        this.router = router;
        this.latency = latency;
    }

    public ModelList list() {
        List<Object> data = new ArrayList<>();
        for (ModelCatalog.CatalogEntry entry : catalog.all()) {
            ModelProperties m = entry.model();
            OptionalDouble ewma = latency.ewmaMillis(m.id());
            data.add(new ModelEntry(m.id(), "model", CREATED, m.provider().id(), m.provider().id(),
                    m.securityLevel().id(), new Pricing(m.inputPricePer1m(), m.outputPricePer1m()),
                    m.capabilities().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                    m.priority(), m.qualityTier(), entry.status().wire(),
                    ewma.isPresent() ? Math.round(ewma.getAsDouble()) : null));
        }
        for (VirtualModel v : VirtualModel.values()) {
            var chat = router.preview(v, Capability.TEXT).map(ModelProperties::id).orElse(null);
            var embedding = router.preview(v, Capability.EMBEDDING).map(ModelProperties::id).orElse(null);
            data.add(new VirtualEntry(v.id(), "model", CREATED, "caravan", true, v.description(),
                    Map.of("chat", chat == null ? "none" : chat, "embedding", embedding == null ? "none" : embedding),
                    chat != null || embedding != null ? "enabled" : "unavailable"));
        }
        return new ModelList("list", data);
    }

    public record ModelList(String object, List<Object> data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelEntry(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
                      String provider, @JsonProperty("security_level") String securityLevel, Pricing pricing,
                      List<String> capabilities, int priority, @JsonProperty("quality_tier") int qualityTier,
                      String status, @JsonProperty("latency_ewma_ms") Long latencyEwmaMs) {
    }

    /** Prices in micro-dollars per one million tokens. */
    record Pricing(@JsonProperty("input_per_1m_micros") long inputPer1m,
                   @JsonProperty("output_per_1m_micros") long outputPer1m) {
    }

    record VirtualEntry(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
                        @JsonProperty("virtual") boolean isVirtual, String description,
                        @JsonProperty("resolves_to") Map<String, String> resolvesTo, String status) {
    }
}
