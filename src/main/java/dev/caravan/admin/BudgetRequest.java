package dev.caravan.admin;

/**
 * The body of {@code PUT /api/admin/budgets} (snake_case on the wire): the budget of one scope,
 * name and period, created or replaced. Null limits: that dimension is not limited (one of the two
 * is required); null {@code soft}: hard.
 */
public record BudgetRequest(String scope, String name, String period, Long maxTokens, Long maxCostMicros,
        Boolean soft) {
}
