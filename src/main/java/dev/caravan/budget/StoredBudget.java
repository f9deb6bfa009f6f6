package dev.caravan.budget;

import java.time.Instant;
import java.util.Objects;

/**
 * A budget set through the admin API: a row of {@code budget_limits}.
 *
 * @param name      a key id, user, tenant or task, or {@code "*"} (each one its own budget of this size)
 * @param updatedAt when it was last set
 */
public record StoredBudget(BudgetScope scope, String name, BudgetPeriod period, BudgetLimit limit,
        Instant updatedAt) {

    public StoredBudget {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(limit, "limit");
    }

    /** As a configured budget would be declared, for {@link ConfiguredBudgets}' index. */
    public BudgetProperties.Limit asLimit() {
        return new BudgetProperties.Limit(scope, name, period, limit.maxTokens(), limit.maxCostMicros(), limit.soft());
    }
}
