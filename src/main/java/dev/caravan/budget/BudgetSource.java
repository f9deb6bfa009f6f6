package dev.caravan.budget;

import java.util.List;

/**
 * The budgets that apply to a request. {@link ConfiguredBudgets} reads them from
 * {@code caravan.budgets.limits}; {@link LayeredBudgets} (the application's bean) lays the budgets
 * stored through the admin API over those. Called on the request path: implementations answer
 * from memory.
 */
@FunctionalInterface
public interface BudgetSource {

    /** At most one budget per scope and period; empty when none applies. */
    List<Budget> budgetsFor(BudgetSubject subject);

    /**
     * Every budget declared for one name (not the {@code "*"} ones), for listings such as
     * {@code GET /api/budget}; not called on the request path.
     */
    default List<Budget> named() {
        return List.of();
    }
}
