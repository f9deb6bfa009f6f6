package dev.caravan.budget;

/**
 * How much a budget allows per period: tokens (input plus output), cost in micro-dollars, or
 * both (then whichever runs out first counts). A dimension left null is not limited.
 *
 * <p>A hard limit refuses a reservation that would take {@code used + reserved} past it (HTTP
 * 429, {@code budget_exceeded}); a soft one never refuses, it only raises alerts and marks the
 * reservation as {@linkplain Reservation#overSoftLimit() over a soft limit}.
 *
 * @param maxTokens     tokens per period, or null
 * @param maxCostMicros micro-dollars per period, or null
 * @param soft          true: warn only
 */
public record BudgetLimit(Long maxTokens, Long maxCostMicros, boolean soft) {

    public BudgetLimit {
        if (maxTokens == null && maxCostMicros == null) {
            throw new IllegalArgumentException("a budget limit needs max tokens, max cost or both");
        }
        if (maxTokens != null && maxTokens < 0) {
            throw new IllegalArgumentException("max tokens must not be negative: " + maxTokens);
        }
        if (maxCostMicros != null && maxCostMicros < 0) {
            throw new IllegalArgumentException("max cost must not be negative: " + maxCostMicros);
        }
    }

    public static BudgetLimit tokens(long maxTokens) {
        return new BudgetLimit(maxTokens, null, false);
    }

    public static BudgetLimit costMicros(long maxCostMicros) {
        return new BudgetLimit(null, maxCostMicros, false);
    }

    /** The same limits, warn only. */
    public BudgetLimit asSoft() {
        return new BudgetLimit(maxTokens, maxCostMicros, true);
    }

    /** The limit in one dimension, or null when that dimension is not limited. */
    public Long max(BudgetDimension dimension) {
        return dimension == BudgetDimension.TOKENS ? maxTokens : maxCostMicros;
    }
}
