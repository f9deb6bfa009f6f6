package dev.caravan.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/budget}.
 *
 * @param asOf    when the counters were read (the current periods are the ones this falls in)
 * @param tenant  the tenant whose budgets these are; null: every budget
 * @param budgets by scope (key, user, tenant, task), name and period
 */
@JsonPropertyOrder({"as_of", "tenant", "budgets"})
public record BudgetReport(
        @JsonProperty("as_of") Instant asOf,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("budgets") List<BudgetStatus> budgets) {

    public BudgetReport {
        budgets = List.copyOf(budgets);
    }
}
