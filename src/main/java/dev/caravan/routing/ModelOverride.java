package dev.caravan.routing;

import dev.caravan.config.ModelProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * What the admin API changed about one declared model (table {@code model_overrides}). Each field
 * overrides the configured value on its own; null keeps the configuration's ({@code caravan.models}).
 *
 * @param inputPricePer1m  micro-dollars per one million input tokens
 * @param outputPricePer1m micro-dollars per one million output tokens
 * @param updatedAt        when the row was last written; null for an override not (yet) stored
 */
public record ModelOverride(String modelId, Boolean enabled, Integer priority, Long inputPricePer1m,
                            Long outputPricePer1m, Long latencyBudgetMs, Instant updatedAt) {

    public ModelOverride {
        Objects.requireNonNull(modelId, "modelId");
        if (priority != null && priority < 0) {
            throw new IllegalArgumentException("priority must be 0 or more");
        }
        if (inputPricePer1m != null && inputPricePer1m < 0 || outputPricePer1m != null && outputPricePer1m < 0) {
            throw new IllegalArgumentException("prices must be 0 or more");
        }
        if (latencyBudgetMs != null && latencyBudgetMs <= 0) {
            throw new IllegalArgumentException("latency budget must be positive");
        }
    }

    /** Nothing overridden: every field from configuration. */
    public boolean isEmpty() {
        return enabled == null && priority == null && inputPricePer1m == null && outputPricePer1m == null
                && latencyBudgetMs == null;
    }

    /** The configured model with this override's fields in place of the configured ones. */
    public ModelProperties applyTo(ModelProperties m) {
        if (isEmpty()) {
            return m;
        }
        return new ModelProperties(m.id(), m.provider(), m.upstreamModel(), m.baseUrl(), m.apiKeyEnv(),
                inputPricePer1m != null ? inputPricePer1m : m.inputPricePer1m(),
                outputPricePer1m != null ? outputPricePer1m : m.outputPricePer1m(),
                m.capabilities(),
                priority != null ? priority : m.priority(),
                m.qualityTier(), m.securityLevel(),
                enabled != null ? enabled : m.enabled(),
                m.timeout(), m.contextWindow(),
                latencyBudgetMs != null ? latencyBudgetMs : m.latencyBudgetMs());
    }
}
