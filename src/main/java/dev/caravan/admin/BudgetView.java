package dev.caravan.admin;

import dev.caravan.budget.BudgetCounter;
import dev.caravan.budget.BudgetLimit;
import dev.caravan.budget.LayeredBudgets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A budget as the admin API shows it (snake_case on the wire).
 *
 * @param source     {@code configured} ({@code caravan.budgets.limits}) or {@code stored} (set here)
 * @param updatedAt  when it was stored; null for a configured one
 * @param configured for a stored budget that replaces a configured one, the configured limits
 *                   (they apply again once the stored one is deleted); otherwise null
 * @param usage      this period's counter; null for a {@code "*"} budget (one counter per name:
 *                   see {@code GET /api/budget})
 */
public record BudgetView(String object, String scope, String name, String period, Long maxTokens,
        Long maxCostMicros, boolean soft, String source, Instant updatedAt, Limits configured, Usage usage) {

    /** Limits alone. */
    public record Limits(Long maxTokens, Long maxCostMicros, boolean soft) {
        static Limits of(BudgetLimit limit) {
            return limit == null ? null : new Limits(limit.maxTokens(), limit.maxCostMicros(), limit.soft());
        }
    }

    /**
     * What the budget's counter holds in the current period; zeros when nothing was charged yet.
     *
     * @param periodStart first instant of the current period (UTC)
     */
    public record Usage(Instant periodStart, long usedTokens, long reservedTokens, long usedCostMicros,
            long reservedCostMicros) {

        static Usage of(BudgetCounter counter, LocalDate periodStart) {
            Instant start = periodStart.atStartOfDay(ZoneOffset.UTC).toInstant();
            return counter == null ? new Usage(start, 0, 0, 0, 0)
                    : new Usage(start, counter.used().tokens(), counter.reserved().tokens(),
                            counter.used().costMicros(), counter.reserved().costMicros());
        }
    }

    /** @param usage null for a {@code "*"} budget */
    static BudgetView of(LayeredBudgets.Entry entry, Usage usage) {
        BudgetLimit limit = entry.limit();
        return new BudgetView("budget", entry.scope().id(), entry.name(), entry.period().id(), limit.maxTokens(),
                limit.maxCostMicros(), limit.soft(), entry.source().id(), entry.updatedAt(),
                Limits.of(entry.configured()), usage);
    }
}
