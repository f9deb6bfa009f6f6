package dev.caravan.budget;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A budget's settled usage reached {@code thresholdPercent} of its limit in one dimension. Raised
 * once per budget, period and threshold, however many instances settle requests: see
 * {@link BudgetLedger}.
 *
 * @param budget           the budget, with the limits its counter held when the alert was raised
 * @param used             settled usage in {@code dimension} after the settle that crossed the threshold
 * @param limit            the limit in {@code dimension}
 */
public record BudgetAlert(
        Budget budget,
        LocalDate periodStart,
        int thresholdPercent,
        BudgetDimension dimension,
        long used,
        long limit,
        Instant raisedAt) {

    /** One line for logs and message bodies. */
    public String describe() {
        return "Budget alert: " + budget.describe() + " (period from " + periodStart + ") reached "
                + thresholdPercent + "% of its " + dimension.id() + " limit (" + used + " of " + limit
                + (dimension == BudgetDimension.COST ? " micro-dollars" : " tokens")
                + (budget.limit().soft() ? ", soft limit: requests continue" : "") + ")";
    }
}
