package dev.caravan.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code caravan.budgets}: token and cost limits per key, user, tenant or task and per day or
 * month (UTC). With no {@code limits} (the default) and none set through the admin API, no budget
 * applies and the database is neither read nor written: requests behave exactly as without this
 * feature.
 *
 * <pre>
 * caravan:
 *   budgets:
 *     limits:
 *       - scope: tenant            # key | user | tenant | task
 *         name: acme               # the key id, user, tenant or task; "*" = each one its own budget
 *         period: month            # day | month, UTC calendar
 *         max-cost-micros: 500000000   # $500
 *       - scope: tenant
 *         name: "*"
 *         period: day
 *         max-tokens: 2000000
 *         soft: true               # warn (alerts) but never refuse
 * </pre>
 *
 * A named budget replaces the {@code "*"} one of the same scope and period for that name. Limits
 * declared here are the ones the gateway starts with; budgets set through the admin API
 * ({@code /api/admin/budgets}) are laid over them by {@link LayeredBudgets}, a stored one replacing
 * the configured one of the same scope, name and period.
 *
 * Every value is checked when the gateway starts, with the offending entry named.
 *
 * @param limits                 the budgets (default none)
 * @param reservationTtl         how long a reservation is held before it counts as abandoned and is
 *                               released (default 15m: longer than a request with all its fallbacks
 *                               or a long stream takes, or the budget is given back while in use)
 * @param expiryInterval         how often abandoned reservations are looked for (default 30s)
 * @param retention              how long finished reservations are kept before they are deleted
 *                               (default 1d); the counters are kept
 * @param alertThresholds        percentages of a limit at which settled usage raises an alert, once per
 *                               period (default 80, 95, 100)
 * @param defaultMaxOutputTokens output tokens reserved for a request that sets no {@code max_tokens}
 *                               (default 4096, capped by the model's context window)
 */
@ConfigurationProperties(prefix = "caravan.budgets")
public record BudgetProperties(
        List<Limit> limits,
        Duration reservationTtl,
        Duration expiryInterval,
        Duration retention,
        List<Integer> alertThresholds,
        long defaultMaxOutputTokens) {

    public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_EXPIRY_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);
    public static final long DEFAULT_MAX_OUTPUT_TOKENS = 4096;
    public static final String EVERY_NAME = "*";

    private static final String PREFIX = "caravan.budgets.";

    public BudgetProperties {
        limits = limits == null ? List.of() : List.copyOf(limits);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            String where = PREFIX + "limits[" + i + "]";
            if (limit == null) {
                throw new IllegalArgumentException(where + " is empty");
            }
            limit.check(where);
            if (!seen.add(limit.scope() + "|" + limit.name() + "|" + limit.period())) {
                throw new IllegalArgumentException(where + ": a " + limit.period().id() + " budget for "
                        + limit.scope().id() + " '" + limit.name() + "' is declared twice");
            }
        }
        reservationTtl = positive("reservation-ttl", reservationTtl, DEFAULT_RESERVATION_TTL);
        expiryInterval = positive("expiry-interval", expiryInterval, DEFAULT_EXPIRY_INTERVAL);
        retention = positive("retention", retention, DEFAULT_RETENTION);
        if (retention.compareTo(reservationTtl) < 0) {
            throw new IllegalArgumentException(PREFIX + "retention (" + retention
                    + ") must not be shorter than reservation-ttl (" + reservationTtl + ")");
        }
        alertThresholds = thresholds(alertThresholds);
        if (defaultMaxOutputTokens < 0) {
            throw new IllegalArgumentException(PREFIX + "default-max-output-tokens must not be negative: "
                    + defaultMaxOutputTokens);
        }
        defaultMaxOutputTokens = defaultMaxOutputTokens == 0 ? DEFAULT_MAX_OUTPUT_TOKENS : defaultMaxOutputTokens;
    }

    /** No budgets, every setting at its default. */
    public static BudgetProperties defaults() {
        return new BudgetProperties(null, null, null, null, null, 0);
    }

    /** The given budgets, every setting at its default. */
    public static BudgetProperties of(List<Limit> limits) {
        return new BudgetProperties(limits, null, null, null, null, 0);
    }

    /** Whether any budget is declared. */
    public boolean enabled() {
        return !limits.isEmpty();
    }

    /**
     * One declared budget.
     *
     * @param name          a key id, user, tenant or task, or {@code "*"}: every one gets a budget of
     *                      its own of this size (unless one is declared by name)
     * @param maxTokens     tokens (input plus output) per period; null: not limited
     * @param maxCostMicros micro-dollars per period; null: not limited
     * @param soft          true: alerts only, never refused (default false: hard)
     */
    public record Limit(BudgetScope scope, String name, BudgetPeriod period, Long maxTokens, Long maxCostMicros,
            boolean soft) {

        public Limit {
            name = name == null ? null : name.strip();
        }

        public boolean everyName() {
            return EVERY_NAME.equals(name);
        }

        public BudgetLimit limit() {
            return new BudgetLimit(maxTokens, maxCostMicros, soft);
        }

        /** The budget for {@code name}. */
        public Budget budgetFor(String name) {
            return new Budget(scope, name, period, limit());
        }

        void check(String where) {
            if (scope == null) {
                throw new IllegalArgumentException(where + ".scope is required (key, user, tenant or task)");
            }
            if (period == null) {
                throw new IllegalArgumentException(where + ".period is required (day or month)");
            }
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException(where + ".name is required (a " + scope.id()
                        + ", or \"*\" for each one)");
            }
            if (name.length() > Budget.MAX_NAME_LENGTH) {
                throw new IllegalArgumentException(where + ".name is longer than " + Budget.MAX_NAME_LENGTH
                        + " characters");
            }
            if (maxTokens == null && maxCostMicros == null) {
                throw new IllegalArgumentException(where + " needs max-tokens, max-cost-micros or both");
            }
            if (maxTokens != null && maxTokens < 0 || maxCostMicros != null && maxCostMicros < 0) {
                throw new IllegalArgumentException(where + ": max-tokens and max-cost-micros must not be negative");
            }
        }
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be positive: " + value);
        }
        return value;
    }

    private static List<Integer> thresholds(List<Integer> values) {
        if (values == null) {
            return BudgetLedger.DEFAULT_ALERT_THRESHOLDS;
        }
        List<Integer> sorted = new ArrayList<>(new java.util.TreeSet<>(values));
        if (sorted.size() != values.size() || sorted.stream().anyMatch(t -> t == null || t < 1 || t > 100)) {
            throw new IllegalArgumentException(PREFIX + "alert-thresholds must be distinct percentages from 1 to 100: "
                    + values);
        }
        return List.copyOf(sorted);
    }
}
