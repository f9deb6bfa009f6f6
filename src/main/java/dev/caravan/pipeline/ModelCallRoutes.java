package dev.caravan.pipeline;

import dev.caravan.config.Capability;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import java.util.List;
import dev.caravan.resilience.BreakerRegistry;
import dev.caravan.routing.ModelCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Binds every model's circuit breaker into Camel's registry as {@code breaker-<model id>} and
 * makes one route per declared chat model from the {@code model-call} template
 * (resilience.camel.yaml), so that each model's calls go through its own breaker. Disabled models
 * get their route too: the admin API may enable them (or store their provider's key) at runtime.
 */
@Component
class ModelCallRoutes implements CamelContextConfiguration {

    private final ModelCatalog catalog;
    private final BreakerRegistry breakers;

    ModelCallRoutes(ModelCatalog catalog, BreakerRegistry breakers) {
        this.catalog = catalog;
        this.breakers = breakers;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        for (ModelProperties model : chatModels()) {
            breakers.forModel(model);
        }
        breakers.beans().forEach(camel.getRegistry()::bind);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        for (ModelProperties model : chatModels()) {
            TemplatedRouteBuilder.builder(camel, "model-call")
                    .routeId("model-call-" + model.id())
                    .parameter("modelId", model.id())
                    .parameter("breaker", BreakerRegistry.beanName(model.id()))
                    .add();
        }
    }

    private List<ModelProperties> chatModels() {
        return catalog.declared().stream()
                .filter(m -> m.has(Capability.TEXT) && m.provider() != ProviderType.IN_PROCESS)
                .toList();
    }
}
