package dev.caravan.budget;

import java.util.Objects;

/**
 * One budget: a limit for one scope and name per period, e.g. tenant {@code acme}, at most
 * $500 a month. Where budgets come from (configuration, or the admin API's table laid over it by
 * {@link LayeredBudgets}) does not matter to the {@link BudgetLedger}: it is handed the budget
 * with every reservation and copies the limit into the period's counter.
 *
 * @param name the key id, user, tenant or task; at most {@value #MAX_NAME_LENGTH} characters
 */
public record Budget(BudgetScope scope, String name, BudgetPeriod period, BudgetLimit limit) {

    public static final int MAX_NAME_LENGTH = 255;

    public Budget {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(limit, "limit");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + scope.id() + " budget needs a name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("budget name longer than " + MAX_NAME_LENGTH + " characters: "
                    + name.substring(0, 40) + "...");
        }
    }

    /** For messages and logs: {@code monthly budget of tenant 'acme'}. */
    public String describe() {
        return period.adjective() + " budget of " + scope.id() + " '" + name + "'";
    }
}
