package dev.caravan.budget;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Estimated tokens and cost held in every budget that applies to one request, until the call is
 * {@linkplain BudgetLedger#settle settled} (the actual usage is charged), {@linkplain
 * BudgetLedger#release released} (the call failed) or it {@linkplain BudgetLedger#expire
 * expires} (the instance holding it died).
 *
 * <p>Each charge counts in the period its budget had at {@code reservedAt}, whenever it is settled.
 *
 * @param id            the ledger's id ({@code bres_...}); empty for a reservation that holds nothing
 * @param charges       what is held, per budget; empty when no budget applies
 * @param overSoftLimit soft budgets that are (with this reservation) past their limit: the request
 *                      goes ahead, but the caller may be warned
 */
public record Reservation(
        String id,
        String requestId,
        Instant reservedAt,
        Instant expiresAt,
        List<BudgetCharge> charges,
        List<Budget> overSoftLimit) implements ReserveOutcome {

    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reservedAt, "reservedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        charges = List.copyOf(charges);
        overSoftLimit = List.copyOf(overSoftLimit);
    }

    /** A reservation for a request no budget applies to: settling or releasing it does nothing. */
    public static Reservation none(String requestId, Instant at) {
        return new Reservation("", requestId, at, at, List.of(), List.of());
    }

    /** True when no budget applies, so nothing was written. */
    public boolean isEmpty() {
        return charges.isEmpty();
    }

    @Override
    public Reservation orThrow() {
        return this;
    }
}
