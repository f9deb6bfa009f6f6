package dev.caravan.budget;

import java.util.List;

/**
 * The budgets that apply to a request. {@link ConfiguredBudgets} reads them from
 * {@code caravan.budgets.limits}; the admin API will provide one backed by its own table (and may
 * combine both). Called on the request path: implementations answer from memory.
 */
@FunctionalInterface
public interface BudgetSource {

    /** At most one budget per scope and period; empty when none applies. */
    List<Budget> budgetsFor(BudgetSubject subject);
}
