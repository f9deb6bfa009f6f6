package dev.caravan.budget;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Why a reservation was refused: the first hard budget (in the ledger's locking order) that had
 * no room for it. Nothing was taken from any budget.
 *
 * @param resetsAt  when the budget's period ends, for a {@code Retry-After}
 * @param limit     the limit in {@code dimension}
 * @param used      settled usage in the period
 * @param reserved  held by reservations in flight
 * @param requested what this reservation asked for
 */
public record BudgetRefusal(
        Budget budget,
        LocalDate periodStart,
        Instant resetsAt,
        BudgetDimension dimension,
        long limit,
        long used,
        long reserved,
        long requested) implements ReserveOutcome {

    /** The caller-facing message: which budget, and when it starts again. No amounts of other callers. */
    public String message() {
        String what = dimension == BudgetDimension.TOKENS ? "token" : "cost";
        return "The " + budget.period().adjective() + " " + what + " budget of " + budget.scope().id() + " '"
                + budget.name() + "' does not allow this request; it resets at " + resetsAt + ".";
    }

    public BudgetExceededException exception() {
        return new BudgetExceededException(this);
    }

    @Override
    public Reservation orThrow() {
        throw exception();
    }
}
