package dev.caravan.routing;

import dev.caravan.config.CaravanProperties;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The models this gateway knows, in declaration order, each with whether it can be used now.
 * A model whose provider needs an API key that is not set is disabled with one log line, so a
 * fresh machine starts with the simulator and embedded models only.
 */
@Component
public class ModelCatalog {

    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

    private final Map<String, CatalogEntry> entries = new LinkedHashMap<>();

    public ModelCatalog(CaravanProperties properties, Environment environment) {
        for (ModelProperties model : properties.models()) {
            entries.put(model.id(), new CatalogEntry(model, availability(model, environment)));
        }
        entries.values().stream().filter(e -> e.status() == ModelStatus.DISABLED_NO_KEY).forEach(e -> {
            ModelProperties m = e.model();
            if (m.provider() == ProviderType.OLLAMA) {
                log.info("Model {} disabled: provider ollama needs a base URL (set OLLAMA_BASE_URL)", m.id());
            } else {
                log.info("Model {} disabled: provider {} needs an API key (set {})", m.id(), m.provider().id(), m.apiKeyEnv());
            }
        });
    }

    private static ModelStatus availability(ModelProperties model, Environment environment) {
        if (!model.enabled()) {
            return ModelStatus.DISABLED;
        }
        if (model.provider().requiresApiKey()) {
            String key = model.apiKeyEnv() == null ? null : environment.getProperty(model.apiKeyEnv());
            if (key == null || key.isBlank()) {
                return ModelStatus.DISABLED_NO_KEY;
            }
        }
        if (model.provider() == ProviderType.OLLAMA && (model.baseUrl() == null || model.baseUrl().isBlank())) {
            return ModelStatus.DISABLED_NO_KEY;
        }
        return ModelStatus.ENABLED;
    }

    public Optional<CatalogEntry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    public Collection<CatalogEntry> all() {
        return entries.values();
    }

    public List<ModelProperties> enabled() {
        return entries.values().stream().filter(CatalogEntry::usable).map(CatalogEntry::model).toList();
    }

    /** A declared model and whether it may receive requests. */
    public record CatalogEntry(ModelProperties model, ModelStatus status) {
        public boolean usable() {
            return status == ModelStatus.ENABLED;
        }
    }
}
