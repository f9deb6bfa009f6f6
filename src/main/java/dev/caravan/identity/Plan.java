package dev.caravan.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a tenant (or one key) may do: feature names, the model tiers allowed per task, and token
 * limits per request. A null limit is no limit.
 *
 * <p>{@code allowedTiers} maps a task to the tiers it may use; the task {@code "*"} stands for
 * every task not named (and requests without a task); a task covered by neither may use any
 * model. A tier is a model's {@code quality-tier} as a number ({@code "1"}, {@code "2"}) or a
 * model id.
 */
public record Plan(String id, String name, Long maxTokensIn, Long maxTokensOut, Set<String> features,
        Map<String, List<String>> allowedTiers, Instant createdAt) {

    public Plan {
        features = features == null ? Set.of() : Set.copyOf(features);
        allowedTiers = allowedTiers == null ? Map.of() : Map.copyOf(allowedTiers);
    }

    public boolean hasFeature(String feature) {
        return features.contains(feature);
    }

    /** Whether {@code tier} may answer {@code task} under this plan. */
    public boolean allowsTier(String task, String tier) {
        List<String> allowed = tiersFor(task);
        return allowed == null || allowed.contains(tier);
    }

    /** Whether the model {@code modelId} of quality tier {@code qualityTier} may answer {@code task}. */
    public boolean allowsModel(String task, String modelId, int qualityTier) {
        List<String> allowed = tiersFor(task);
        return allowed == null || allowed.contains(modelId) || allowed.contains(Integer.toString(qualityTier));
    }

    private List<String> tiersFor(String task) {
        List<String> allowed = task == null ? null : allowedTiers.get(task);
        return allowed != null ? allowed : allowedTiers.get(ALL_TASKS);
    }

    /** The {@code allowedTiers} entry for every task not named. */
    public static final String ALL_TASKS = "*";
}
