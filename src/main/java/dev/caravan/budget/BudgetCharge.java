package dev.caravan.budget;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What one reservation takes from one budget. Usually every budget of a request is charged the
 * same estimate ({@link #all}).
 */
public record BudgetCharge(Budget budget, BudgetAmount amount) {

    public BudgetCharge {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(amount, "amount");
    }

    /** The same amount from each budget. */
    public static List<BudgetCharge> all(Collection<Budget> budgets, BudgetAmount amount) {
        return budgets.stream().map(budget -> new BudgetCharge(budget, amount)).toList();
    }
}
