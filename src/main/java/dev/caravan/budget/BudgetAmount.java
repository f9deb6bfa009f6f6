package dev.caravan.budget;

/**
 * Tokens (input plus output) and their cost in micro-dollars: what a reservation holds (the
 * estimate) or what a call used (the actual amount).
 */
public record BudgetAmount(long tokens, long costMicros) {

    public static final BudgetAmount ZERO = new BudgetAmount(0, 0);

    public BudgetAmount {
        if (tokens < 0 || costMicros < 0) {
            throw new IllegalArgumentException("budget amounts must not be negative: " + tokens + " tokens, "
                    + costMicros + " micro-dollars");
        }
    }
}
