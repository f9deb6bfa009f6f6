package dev.caravan.budget;

import java.time.LocalDate;

/**
 * One budget's counter for one period as stored: the limits last applied and the amounts used
 * and held. {@code used} may exceed the limit by what settled calls used beyond their estimates.
 */
public record BudgetCounter(
        BudgetScope scope,
        String name,
        BudgetPeriod period,
        LocalDate periodStart,
        Long limitTokens,
        Long limitCostMicros,
        boolean soft,
        BudgetAmount used,
        BudgetAmount reserved,
        int alertedPercent) {
}
