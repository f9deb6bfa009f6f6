package dev.caravan.routing;

import dev.caravan.config.CaravanProperties;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The models this gateway knows, in declaration order, each with whether it can be used now.
 * A model whose provider needs an API key that is not set is disabled with one log line, so a
 * fresh machine starts with the simulator and embedded models only.
 *
 * <p>The configuration ({@code caravan.models}) is the seed. The admin API's per-model overrides
 * ({@link #applyOverrides}) and provider keys stored in the database ({@link #applyStoredKeys})
 * are laid over it into an immutable {@link Snapshot} that replaces the previous one in a single
 * volatile write: readers on the request path never lock, and a change applies from the next
 * request on. Writers are rare (admin changes) and serialised.
 */
@Component
public class ModelCatalog {

    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

    /** The declared models in order, with whether their environment holds the key they need. */
    private final List<Declared> declared;
    private Map<String, ModelOverride> overrides = Map.of();
    private Set<String> providersWithStoredKey = Set.of();
    private volatile Snapshot snapshot;

    public ModelCatalog(CaravanProperties properties, Environment environment) {
        List<Declared> models = new ArrayList<>();
        for (ModelProperties model : properties.models()) {
            models.add(new Declared(model, hasEnvironmentKey(model, environment)));
        }
        this.declared = List.copyOf(models);
        this.snapshot = build();
        snapshot.entries().values().stream().filter(e -> e.status() == ModelStatus.DISABLED_NO_KEY).forEach(e -> {
            ModelProperties m = e.model();
            if (m.provider() == ProviderType.OLLAMA) {
                log.info("Model {} disabled: provider ollama needs a base URL (set OLLAMA_BASE_URL)", m.id());
            } else {
                log.info("Model {} disabled: provider {} needs an API key (set {})", m.id(), m.provider().id(), m.apiKeyEnv());
            }
        });
    }

    private static boolean hasEnvironmentKey(ModelProperties model, Environment environment) {
        String key = model.apiKeyEnv() == null ? null : environment.getProperty(model.apiKeyEnv());
        return key != null && !key.isBlank();
    }

    /**
     * Replaces the per-model overrides (by model id; ids not declared are ignored). The next
     * {@link #snapshot()} reflects them.
     */
    public synchronized void applyOverrides(Map<String, ModelOverride> byModel) {
        if (byModel.equals(overrides)) {
            return; // unchanged (a periodic re-read): keep the snapshot, and the router's profiles of it
        }
        this.overrides = Map.copyOf(byModel);
        this.snapshot = build();
    }

    /** Replaces the providers ({@link ProviderType#id()}) whose API key is stored in the database. */
    public synchronized void applyStoredKeys(Set<String> providerIds) {
        if (providerIds.equals(providersWithStoredKey)) {
            return;
        }
        this.providersWithStoredKey = Set.copyOf(providerIds);
        this.snapshot = build();
    }

    private Snapshot build() {
        Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        List<ModelProperties> enabled = new ArrayList<>();
        for (Declared d : declared) {
            ModelOverride override = overrides.get(d.model().id());
            ModelProperties effective = override == null ? d.model() : override.applyTo(d.model());
            boolean keyed = d.environmentKey() || providersWithStoredKey.contains(d.model().provider().id());
            CatalogEntry entry = new CatalogEntry(effective, availability(effective, keyed), d.model(), override);
            entries.put(effective.id(), entry);
            if (entry.usable()) {
                enabled.add(effective);
            }
        }
        return new Snapshot(Collections.unmodifiableMap(entries), List.copyOf(enabled));
    }

    private static ModelStatus availability(ModelProperties model, boolean keyed) {
        if (!model.enabled()) {
            return ModelStatus.DISABLED;
        }
        if (model.provider().requiresApiKey() && !keyed) {
            return ModelStatus.DISABLED_NO_KEY;
        }
        if (model.provider() == ProviderType.OLLAMA && (model.baseUrl() == null || model.baseUrl().isBlank())) {
            return ModelStatus.DISABLED_NO_KEY;
        }
        return ModelStatus.ENABLED;
    }

    /** Everything as of now; compare by identity to see whether anything changed since. */
    public Snapshot snapshot() {
        return snapshot;
    }

    public Optional<CatalogEntry> find(String id) {
        return Optional.ofNullable(snapshot.entries().get(id));
    }

    public Collection<CatalogEntry> all() {
        return snapshot.entries().values();
    }

    public List<ModelProperties> enabled() {
        return snapshot.enabled();
    }

    /** The models as configured, without overrides, in declaration order. */
    public List<ModelProperties> declared() {
        return declared.stream().map(Declared::model).toList();
    }

    /**
     * A declared model and whether it may receive requests.
     *
     * @param model      the model in effect: configuration with the override laid over it
     * @param configured the model as configured
     * @param override   what the admin API changed; null when nothing
     */
    public record CatalogEntry(ModelProperties model, ModelStatus status, ModelProperties configured,
                               ModelOverride override) {

        public CatalogEntry(ModelProperties model, ModelStatus status) {
            this(model, status, model, null);
        }

        public boolean usable() {
            return status == ModelStatus.ENABLED;
        }
    }

    /** One immutable state of the catalog: entries by id in declaration order, and the usable models. */
    public record Snapshot(Map<String, CatalogEntry> entries, List<ModelProperties> enabled) {
    }

    private record Declared(ModelProperties model, boolean environmentKey) {
    }
}
