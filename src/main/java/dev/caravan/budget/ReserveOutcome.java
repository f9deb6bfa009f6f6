package dev.caravan.budget;

/**
 * What {@link BudgetLedger#reserve} answers: a {@link Reservation} (every budget that applies
 * had room) or a {@link BudgetRefusal} (one hard budget had not; nothing was taken from any).
 */
public sealed interface ReserveOutcome permits Reservation, BudgetRefusal {

    /**
     * The reservation, for the pipeline stage that turns a refusal into the caller's 429.
     *
     * @throws BudgetExceededException when this is a refusal
     */
    Reservation orThrow();
}
