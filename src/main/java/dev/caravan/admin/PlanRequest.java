package dev.caravan.admin;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/admin/plans} and {@code PUT /api/admin/plans/{id}} (snake_case on
 * the wire). Null limits: not limited; null features or tiers: none, any tier.
 */
public record PlanRequest(String id, String name, Long maxTokensIn, Long maxTokensOut, List<String> features,
        Map<String, List<String>> allowedTiers) {
}
