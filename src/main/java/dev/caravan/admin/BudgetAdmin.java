package dev.caravan.admin;

import dev.caravan.budget.Budget;
import dev.caravan.budget.BudgetCounter;
import dev.caravan.budget.BudgetLedger;
import dev.caravan.budget.BudgetLimit;
import dev.caravan.budget.BudgetLimitStore;
import dev.caravan.budget.BudgetPeriod;
import dev.caravan.budget.BudgetScope;
import dev.caravan.budget.LayeredBudgets;
import dev.caravan.budget.StoredBudget;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin API does with budgets ({@code /api/admin/budgets}): lists the configured and
 * stored ones with this period's usage, creates or replaces stored ones, deletes them. A stored
 * budget replaces the configured one of the same scope, name and period ({@link LayeredBudgets});
 * a configured budget cannot be deleted here, only replaced.
 *
 * <p>Every change is written to {@code budget_limits}, logged once at INFO ({@code Admin change:
 * ...}), applied on this instance at once and announced on the change feed (topic
 * {@value AdminConfiguration#BUDGETS}), so every other instance reloads within a poll interval. The
 * {@link dev.caravan.budget.BudgetLedger}'s counters are not touched: a new limit applies from the
 * next reservation against what the period has already used. Refusals are {@link
 * GatewayException}s: 400 naming the field, 404 when no stored budget matches, 409 for deleting a
 * configured one.
 */
public class BudgetAdmin {

    private static final Logger log = LoggerFactory.getLogger(BudgetAdmin.class);

    /** {@code admin_changes.subject} is at most this long. */
    private static final int MAX_SUBJECT_LENGTH = 255;

    /** What {@link #put} did. */
    public record Put(BudgetView budget, boolean created) {
    }

    /**
     * The reply to a delete.
     *
     * @param configured the configured budget that applies again, or null: none applies now
     */
    public record Deleted(String object, String scope, String name, String period, boolean deleted,
            BudgetView configured) {
    }

    private final LayeredBudgets budgets;
    private final BudgetLimitStore store;
    private final BudgetLedger ledger;
    private final ChangeFeed feed;
    private final Clock clock;

    /** @param feed null: this instance only (tests) */
    public BudgetAdmin(LayeredBudgets budgets, BudgetLimitStore store, BudgetLedger ledger, ChangeFeed feed,
            Clock clock) {
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.feed = feed;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Re-reads the stored budgets: at start, on every announced change, and periodically. */
    public void reload() {
        budgets.reload();
    }

    /** Every budget that applies now, by scope, name and period, with this period's usage of those for one name. */
    public List<BudgetView> list() {
        Instant now = clock.instant();
        Map<Key, BudgetCounter> counters = new HashMap<>();
        for (BudgetCounter counter : ledger.counters(now)) {
            counters.put(new Key(counter.scope(), counter.name(), counter.period()), counter);
        }
        return budgets.entries().stream().map(entry -> BudgetView.of(entry, entry.everyName() ? null
                : BudgetView.Usage.of(counters.get(new Key(entry.scope(), entry.name(), entry.period())),
                        entry.period().start(now)))).toList();
    }

    /**
     * Creates or replaces the stored budget of the request's scope, name and period.
     *
     * @return the budget as it applies now; {@code created}: no budget of that scope, name and
     *         period was stored before (a configured one may have been)
     */
    public Put put(BudgetRequest request) {
        if (request == null) {
            throw GatewayException.invalid("Send the budget as a JSON object.", null);
        }
        BudgetScope scope = scope(request.scope());
        BudgetPeriod period = period(request.period());
        String name = name(request.name());
        BudgetLimit limit = limit(request);
        String before = describe(current(scope, name, period));
        BudgetLimitStore.Saved saved = store.save(scope, name, period, limit);
        StoredBudget stored = saved.budget();
        log.info("Admin change: {} set to {} (was {})", what(scope, name, period), describe(limit), before);
        announce(scope, name, period);
        BudgetLimit configured = budgets.configured(scope, name, period).orElse(null);
        LayeredBudgets.Entry entry = new LayeredBudgets.Entry(scope, name, period, limit, LayeredBudgets.Source.STORED,
                stored.updatedAt(), configured);
        return new Put(BudgetView.of(entry, usage(entry)), saved.created());
    }

    /**
     * Deletes the stored budget of that scope, name and period; the configured one, if any,
     * applies again.
     */
    public Deleted delete(String scopeId, String nameValue, String periodId) {
        BudgetScope scope = scope(scopeId);
        BudgetPeriod period = period(periodId);
        String name = name(nameValue);
        Optional<BudgetLimit> configured = budgets.configured(scope, name, period);
        Optional<StoredBudget> stored = store.find(scope, name, period);
        if (stored.isEmpty() || !store.delete(scope, name, period)) {
            if (configured.isPresent()) {
                throw new GatewayException(ErrorKind.CONFLICT, "The " + what(scope, name, period) + " is configured"
                        + " (caravan.budgets.limits) and cannot be deleted through the admin API: replace it with"
                        + " PUT /api/admin/budgets (a soft one only alerts), or remove it from the configuration.",
                        "name");
            }
            throw new GatewayException(ErrorKind.NOT_FOUND, "No stored " + what(scope, name, period) + ".", "name");
        }
        log.info("Admin change: {} deleted (was {}); now {}", what(scope, name, period),
                describe(stored.get().limit()), configured.map(l -> "the configured " + describe(l))
                        .orElse("no budget"));
        announce(scope, name, period);
        BudgetView now = configured.map(limit -> {
            LayeredBudgets.Entry entry = new LayeredBudgets.Entry(scope, name, period, limit,
                    LayeredBudgets.Source.CONFIGURED, null, null);
            return BudgetView.of(entry, usage(entry));
        }).orElse(null);
        return new Deleted("budget", scope.id(), name, period.id(), true, now);
    }

    // ---- validation

    private static BudgetScope scope(String scope) {
        if (scope == null || scope.isBlank()) {
            throw GatewayException.invalid("'scope' is required: key, user, tenant or task.", "scope");
        }
        try {
            return BudgetScope.parse(scope.strip());
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("'scope' must be key, user, tenant or task.", "scope");
        }
    }

    private static BudgetPeriod period(String period) {
        if (period == null || period.isBlank()) {
            throw GatewayException.invalid("'period' is required: day or month.", "period");
        }
        try {
            return BudgetPeriod.parse(period.strip());
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("'period' must be day or month.", "period");
        }
    }

    /** As {@code caravan.budgets.limits[].name}: stripped, 1 to 255 characters, {@code "*"} for each one. */
    private static String name(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty()) {
            throw GatewayException.invalid("'name' is required: a key id, user, tenant or task, or \"*\" for each"
                    + " one.", "name");
        }
        if (stripped.length() > Budget.MAX_NAME_LENGTH) {
            throw GatewayException.invalid("'name' is longer than " + Budget.MAX_NAME_LENGTH + " characters.", "name");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw GatewayException.invalid("'name' must not contain control characters.", "name");
        }
        return stripped;
    }

    private static BudgetLimit limit(BudgetRequest request) {
        if (request.maxTokens() == null && request.maxCostMicros() == null) {
            throw GatewayException.invalid("Set 'max_tokens', 'max_cost_micros' or both.", "max_tokens");
        }
        notNegative(request.maxTokens(), "max_tokens");
        notNegative(request.maxCostMicros(), "max_cost_micros");
        return new BudgetLimit(request.maxTokens(), request.maxCostMicros(), Boolean.TRUE.equals(request.soft()));
    }

    private static void notNegative(Long value, String param) {
        if (value != null && value < 0) {
            throw GatewayException.invalid("'" + param + "' must not be negative (omit it for no limit).", param);
        }
    }

    // ---- plumbing

    private void announce(BudgetScope scope, String name, BudgetPeriod period) {
        String subject = scope.id() + "/" + period.id() + "/" + name;
        ModelAdminSync.announce(feed, AdminConfiguration.BUDGETS,
                subject.length() > MAX_SUBJECT_LENGTH ? subject.substring(0, MAX_SUBJECT_LENGTH) : subject,
                budgets::reload);
    }

    private BudgetView.Usage usage(LayeredBudgets.Entry entry) {
        if (entry.everyName()) {
            return null;
        }
        Instant now = clock.instant();
        Budget budget = new Budget(entry.scope(), entry.name(), entry.period(), entry.limit());
        return BudgetView.Usage.of(ledger.counter(budget, now).orElse(null), entry.period().start(now));
    }

    private LayeredBudgets.Entry current(BudgetScope scope, String name, BudgetPeriod period) {
        return budgets.entries().stream()
                .filter(e -> e.scope() == scope && e.name().equals(name) && e.period() == period)
                .findFirst().orElse(null);
    }

    private static String what(BudgetScope scope, String name, BudgetPeriod period) {
        return period.adjective() + " budget of " + scope.id() + " '" + name + "'";
    }

    private static String describe(LayeredBudgets.Entry entry) {
        return entry == null ? "none" : entry.source().id() + " " + describe(entry.limit());
    }

    private static String describe(BudgetLimit limit) {
        return "max_tokens " + (limit.maxTokens() == null ? "-" : limit.maxTokens())
                + ", max_cost_micros " + (limit.maxCostMicros() == null ? "-" : limit.maxCostMicros())
                + (limit.soft() ? ", soft" : ", hard");
    }

    private record Key(BudgetScope scope, String name, BudgetPeriod period) {
    }
}
