package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;

/**
 * Sends a tiny request to a model (e.g. one user message "ping" with {@code max_tokens: 1}) to see
 * whether it answers. Supplied by the provider layer as a bean; without one the
 * {@link HealthProber} does nothing and breakers recover only through real traffic.
 *
 * <p>Implementations must bound their own time (the model's connect and total timeouts): probes
 * run one after another on a single thread.
 */
@FunctionalInterface
public interface ModelProbe {

    /**
     * @return true when the model answered; false (or any exception) when it did not. An exception
     *         that is a caller error ({@code PROVIDER_REJECTED} ...) says nothing about the model's
     *         health and is ignored by its breaker.
     */
    boolean probe(ModelProperties model);
}
