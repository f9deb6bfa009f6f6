package dev.caravan.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's {@link BudgetSource}: the budgets of {@code caravan.budgets.limits} with those
 * set through the admin API ({@code budget_limits}, {@link BudgetLimitStore}) laid over them. A
 * stored budget <em>replaces</em> the configured one of the same scope, name and period (the
 * configured one applies again once the stored one is deleted); all others simply add up. The
 * usual precedence then holds whatever their source: a budget for a name beats the {@code "*"}
 * budget of its scope and period, so a stored {@code "*"} budget does not touch a configured
 * budget for one name, and a stored budget for one name overrides a configured {@code "*"}.
 *
 * <p>Requests are answered from an immutable snapshot (a {@link ConfiguredBudgets} index over the
 * merged budgets) swapped in one volatile write by {@link #reload()}: the request path costs what
 * {@link ConfiguredBudgets} costs plus one volatile read, and never touches the database. Reloads
 * happen at start, on every {@code budget} change announced on the admin change feed (on the
 * instance that made it, before the admin call answers) and periodically as a safety net; the
 * admin API's wiring ({@code dev.caravan.admin.BudgetAdminConfiguration}) arranges that. Until the
 * first reload only the configured budgets apply.
 */
public class LayeredBudgets implements BudgetSource {

    private static final Logger log = LoggerFactory.getLogger(LayeredBudgets.class);

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::scope)
            .thenComparing(Entry::name).thenComparing(Entry::period);

    /** Where an {@link Entry} comes from. */
    public enum Source {
        CONFIGURED, STORED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One budget as it applies now, for listings.
     *
     * @param name       a name or {@code "*"}
     * @param updatedAt  when it was stored; null for a configured one
     * @param configured for a stored budget, the configured limit it replaces; otherwise null
     */
    public record Entry(BudgetScope scope, String name, BudgetPeriod period, BudgetLimit limit, Source source,
            Instant updatedAt, BudgetLimit configured) {

        public boolean everyName() {
            return BudgetProperties.EVERY_NAME.equals(name);
        }
    }

    private record Snapshot(ConfiguredBudgets index, List<Entry> entries) {
    }

    private record Id(BudgetScope scope, String name, BudgetPeriod period) {
    }

    private final List<BudgetProperties.Limit> configured;
    private final BudgetLimitStore store;
    private volatile Snapshot snapshot;

    /** @param store null: the configured budgets only */
    public LayeredBudgets(BudgetProperties properties, BudgetLimitStore store) {
        this.configured = Objects.requireNonNull(properties, "properties").limits();
        this.store = store;
        this.snapshot = snapshot(List.of());
    }

    /**
     * Reads the stored budgets and swaps the snapshot. Serialised, so that a slow read can never
     * swap in an older state after a newer one.
     *
     * @throws org.springframework.dao.DataAccessException when the table cannot be read; the
     *         previous snapshot stays
     */
    public synchronized void reload() {
        if (store == null) {
            return;
        }
        List<StoredBudget> stored = store.all();
        snapshot = snapshot(stored);
        log.debug("Budgets: {} configured, {} stored", configured.size(), stored.size());
    }

    @Override
    public List<Budget> budgetsFor(BudgetSubject subject) {
        return snapshot.index().budgetsFor(subject);
    }

    /** True when no budget is configured or stored: every request gets an empty list. */
    public boolean isEmpty() {
        return snapshot.index().isEmpty();
    }

    @Override
    public List<Budget> named() {
        return snapshot.index().named();
    }

    /** Every budget as it applies now (replaced configured ones left out), by scope, name and period. */
    public List<Entry> entries() {
        return snapshot.entries();
    }

    /** The configured budget of that scope, name and period, if one is declared. */
    public Optional<BudgetLimit> configured(BudgetScope scope, String name, BudgetPeriod period) {
        return configured.stream()
                .filter(l -> l.scope() == scope && l.name().equals(name) && l.period() == period)
                .map(BudgetProperties.Limit::limit)
                .findFirst();
    }

    private Snapshot snapshot(List<StoredBudget> stored) {
        Map<Id, Entry> entries = new LinkedHashMap<>();
        for (BudgetProperties.Limit limit : configured) {
            entries.put(new Id(limit.scope(), limit.name(), limit.period()), new Entry(limit.scope(), limit.name(),
                    limit.period(), limit.limit(), Source.CONFIGURED, null, null));
        }
        for (StoredBudget budget : stored) {
            Id id = new Id(budget.scope(), budget.name(), budget.period());
            Entry replaced = entries.get(id);
            entries.put(id, new Entry(budget.scope(), budget.name(), budget.period(), budget.limit(), Source.STORED,
                    budget.updatedAt(), replaced == null ? null : replaced.limit()));
        }
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(ORDER);
        List<BudgetProperties.Limit> limits = sorted.stream()
                .map(e -> new BudgetProperties.Limit(e.scope(), e.name(), e.period(), e.limit().maxTokens(),
                        e.limit().maxCostMicros(), e.limit().soft()))
                .toList();
        return new Snapshot(new ConfiguredBudgets(limits), List.copyOf(sorted));
    }
}
