package dev.caravan.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a tenant (or one key) may do: feature names, the model tiers allowed per task, and token
 * limits per request. A null limit is no limit; a task missing from {@code allowedTiers} may use
 * any tier.
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
        List<String> allowed = allowedTiers.get(task);
        return allowed == null || allowed.contains(tier);
    }
}
