package dev.caravan.budget;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What each budget has used of its limits in the current period, for {@code GET /api/budget}.
 * Reads the {@link BudgetLedger}'s counters; never writes.
 *
 * <p>Which budgets: {@link #all()} lists the budgets the {@link BudgetSource} declares by name
 * (configured in {@code caravan.budgets.limits} or set through the admin API; charged yet or not)
 * and every counter charged in the current periods, which covers the {@code "*"} budgets (one
 * counter per key, user, tenant or task that has been charged) and budgets since removed. {@link #of} lists the budgets that
 * charge the given subjects' requests, as the {@link BudgetSource} answers for them.
 */
public class BudgetOverview {

    private static final Comparator<BudgetStatus> ORDER = Comparator
            .comparing((BudgetStatus s) -> BudgetScope.parse(s.scope()))
            .thenComparing(BudgetStatus::name)
            .thenComparing(s -> BudgetPeriod.parse(s.period()));

    private final BudgetSource source;
    private final BudgetLedger ledger;
    private final Clock clock;

    public BudgetOverview(BudgetSource source, BudgetLedger ledger, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every budget known in the current periods (see the class comment), by scope, name and period. */
    public List<BudgetStatus> all() {
        Instant now = clock.instant();
        Map<Id, BudgetCounter> counters = new LinkedHashMap<>();
        for (BudgetCounter counter : ledger.counters(now)) {
            counters.put(new Id(counter.scope(), counter.name(), counter.period()), counter);
        }
        List<BudgetStatus> statuses = new ArrayList<>();
        for (Budget budget : source.named()) {
            statuses.add(BudgetStatus.of(budget, counters.remove(Id.of(budget)), true, now));
        }
        for (BudgetCounter counter : counters.values()) {
            Optional<Budget> current = current(counter.scope(), counter.name(), counter.period());
            Budget budget = current.orElseGet(() -> new Budget(counter.scope(), counter.name(), counter.period(),
                    asCharged(counter)));
            statuses.add(BudgetStatus.of(budget, counter, current.isPresent(), now));
        }
        statuses.sort(ORDER);
        return statuses;
    }

    /**
     * The budgets that charge requests of any of {@code subjects}, each once, by scope, name and
     * period. Only the scopes the subjects name count: a subject without a task gets no task budget.
     */
    public List<BudgetStatus> of(Collection<BudgetSubject> subjects) {
        Instant now = clock.instant();
        Map<Id, Budget> budgets = new LinkedHashMap<>();
        for (BudgetSubject subject : subjects) {
            for (Budget budget : source.budgetsFor(subject)) {
                budgets.putIfAbsent(Id.of(budget), budget);
            }
        }
        List<BudgetStatus> statuses = new ArrayList<>(budgets.size());
        for (Budget budget : budgets.values()) {
            statuses.add(BudgetStatus.of(budget, ledger.counter(budget, now).orElse(null), true, now));
        }
        statuses.sort(ORDER);
        return statuses;
    }

    /** The budget the source declares now for this scope, name and period, if any. */
    private Optional<Budget> current(BudgetScope scope, String name, BudgetPeriod period) {
        BudgetSubject subject = new BudgetSubject(scope == BudgetScope.KEY ? name : null,
                scope == BudgetScope.USER ? name : null, scope == BudgetScope.TENANT ? name : null,
                scope == BudgetScope.TASK ? name : null);
        return source.budgetsFor(subject).stream()
                .filter(b -> b.scope() == scope && b.name().equals(name) && b.period() == period)
                .findFirst();
    }

    /** The limits a counter last had; a counter created with neither is shown as a token limit of 0. */
    private static BudgetLimit asCharged(BudgetCounter counter) {
        if (counter.limitTokens() == null && counter.limitCostMicros() == null) {
            return new BudgetLimit(0L, null, counter.soft());
        }
        return new BudgetLimit(counter.limitTokens(), counter.limitCostMicros(), counter.soft());
    }

    private record Id(BudgetScope scope, String name, BudgetPeriod period) {
        static Id of(Budget budget) {
            return new Id(budget.scope(), budget.name(), budget.period());
        }
    }
}
