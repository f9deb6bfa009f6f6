package dev.caravan.routing;

/**
 * The router's read-only view of model health. The default bean ({@link RoutingConfiguration})
 * answers {@link ModelHealth#HEALTHY} for every model; the circuit-breaker issue supplies a
 * real one (declare it {@code @Primary}, or as a {@code @Component}, and the default backs off).
 * Called once per candidate per request: implementations must be cheap and non-blocking.
 */
@FunctionalInterface
public interface ModelHealthView {

    /** Every model healthy: the view used until breaker state is plugged in. */
    ModelHealthView ALL_HEALTHY = modelId -> ModelHealth.HEALTHY;

    ModelHealth health(String modelId);
}
