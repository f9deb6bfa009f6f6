package dev.caravan.pipeline;

import dev.caravan.config.Capability;
import dev.caravan.config.ModelProperties;
import dev.caravan.resilience.BreakerRegistry;
import dev.caravan.routing.ModelCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Binds every model's circuit breaker into Camel's registry as {@code breaker-<model id>} and
 * makes one route per usable chat model from the {@code model-call} template
 * (resilience.camel.yaml), so that each model's calls go through its own breaker.
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
        breakers.beans().forEach(camel.getRegistry()::bind);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        for (ModelProperties model : catalog.enabled()) {
            if (model.has(Capability.TEXT)) {
                TemplatedRouteBuilder.builder(camel, "model-call")
                        .routeId("model-call-" + model.id())
                        .parameter("modelId", model.id())
                        .parameter("breaker", BreakerRegistry.beanName(model.id()))
                        .add();
            }
        }
    }
}
