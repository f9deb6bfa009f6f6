package dev.caravan.admin;

import dev.caravan.identity.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A plan as the admin API shows it (snake_case on the wire), features and tasks sorted. */
public record PlanView(String object, String id, String name, Long maxTokensIn, Long maxTokensOut,
        List<String> features, Map<String, List<String>> allowedTiers, Instant createdAt) {

    public static PlanView of(Plan plan) {
        return new PlanView("plan", plan.id(), plan.name(), plan.maxTokensIn(), plan.maxTokensOut(),
                plan.features().stream().sorted().toList(), new TreeMap<>(plan.allowedTiers()), plan.createdAt());
    }
}
