package dev.caravan.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Set;

/**
 * One model as declared under {@code caravan.models}. The API key is never held here: only the
 * name of the environment variable that carries it, so that the record is safe to log or serve.
 *
 * @param priority      lower is preferred by the {@code auto} virtual model
 * @param qualityTier   higher is better; the {@code quality} virtual model takes the highest
 * @param inputPricePer1m  micro-dollars per one million input tokens
 * @param outputPricePer1m micro-dollars per one million output tokens
 * @param contextWindow    tokens the model accepts (prompt plus answer)
 * @param latencyBudgetMs  rolling latency above this is penalised by the routing score
 */
public record ModelProperties(
        @NotBlank String id,
        @NotNull ProviderType provider,
        String upstreamModel,
        String baseUrl,
        String apiKeyEnv,
        @Min(0) long inputPricePer1m,
        @Min(0) long outputPricePer1m,
        Set<Capability> capabilities,
        @Min(0) int priority,
        @Min(0) int qualityTier,
        @NotNull SecurityLevel securityLevel,
        Boolean enabled,
        Duration timeout,
        @Min(0) int contextWindow,
        @Min(0) long latencyBudgetMs) {

    public ModelProperties {
        upstreamModel = upstreamModel == null || upstreamModel.isBlank() ? id : upstreamModel;
        capabilities = capabilities == null || capabilities.isEmpty() ? Set.of(Capability.TEXT) : Set.copyOf(capabilities);
        enabled = enabled == null || enabled;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        contextWindow = contextWindow == 0 ? 8192 : contextWindow;
        latencyBudgetMs = latencyBudgetMs == 0 ? 5000 : latencyBudgetMs;
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }
}
