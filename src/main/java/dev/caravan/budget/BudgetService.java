package dev.caravan.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget stage's one entry point: which budgets apply to a request ({@link BudgetSource}),
 * and reserving, settling and releasing in the {@link BudgetLedger}. A request no budget applies
 * to (every request, when none is declared) gets an empty reservation without touching the
 * database.
 *
 * <p>Metrics (with a {@link MeterRegistry}): {@code caravan.budget.reservations} tagged {@code
 * outcome} ({@code reserved}, {@code refused}); {@code caravan.budget.refusals} and {@code
 * caravan.budget.soft.overruns} tagged {@code scope}, {@code period} (and {@code dimension}).
 */
public class BudgetService {

    private static final Logger log = LoggerFactory.getLogger(BudgetService.class);

    private final BudgetSource source;
    private final BudgetLedger ledger;
    private final Clock clock;
    private final MeterRegistry registry;

    /** @param registry may be null */
    public BudgetService(BudgetSource source, BudgetLedger ledger, Clock clock, MeterRegistry registry) {
        this.source = Objects.requireNonNull(source, "source");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = registry;
    }

    /**
     * Reserves {@code estimate} in every budget that applies to {@code subject}.
     *
     * @return the reservation (possibly empty), or the refusal; {@link ReserveOutcome#orThrow()}
     *         turns a refusal into the caller's 429 {@code budget_exceeded}
     */
    public ReserveOutcome reserve(String requestId, BudgetSubject subject, BudgetAmount estimate) {
        return reserve(requestId, subject, () -> estimate);
    }

    /** As {@link #reserve(String, BudgetSubject, BudgetAmount)}, estimating only when a budget applies. */
    public ReserveOutcome reserve(String requestId, BudgetSubject subject, Supplier<BudgetAmount> estimate) {
        List<Budget> budgets = source.budgetsFor(subject);
        if (budgets.isEmpty()) {
            return Reservation.none(requestId, clock.instant());
        }
        return reserveIn(requestId, budgets, estimate.get());
    }

    private ReserveOutcome reserveIn(String requestId, List<Budget> budgets, BudgetAmount estimate) {
        ReserveOutcome outcome = ledger.reserve(requestId, BudgetCharge.all(budgets, estimate), clock.instant());
        if (outcome instanceof BudgetRefusal refusal) {
            log.info("Request {} refused: {}", requestId, refusal.message());
            count("caravan.budget.reservations", "outcome", "refused");
            if (registry != null) {
                Counter.builder("caravan.budget.refusals").description("Requests refused by a hard budget")
                        .tag("scope", refusal.budget().scope().id()).tag("period", refusal.budget().period().id())
                        .tag("dimension", refusal.dimension().id()).register(registry).increment();
            }
        } else if (outcome instanceof Reservation reservation) {
            count("caravan.budget.reservations", "outcome", "reserved");
            for (Budget budget : reservation.overSoftLimit()) {
                log.debug("Request {} goes past the soft {}", requestId, budget.describe());
                if (registry != null) {
                    Counter.builder("caravan.budget.soft.overruns")
                            .description("Requests let through past a soft budget's limit")
                            .tag("scope", budget.scope().id()).tag("period", budget.period().id())
                            .register(registry).increment();
                }
            }
        }
        return outcome;
    }

    /** See {@link BudgetLedger#settle(Reservation, BudgetAmount)}. */
    public boolean settle(Reservation reservation, BudgetAmount actual) {
        return ledger.settle(reservation, actual);
    }

    /** See {@link BudgetLedger#release(Reservation)}. */
    public boolean release(Reservation reservation) {
        return ledger.release(reservation);
    }

    private void count(String name, String tag, String value) {
        if (registry != null) {
            registry.counter(name, tag, value).increment();
        }
    }
}
