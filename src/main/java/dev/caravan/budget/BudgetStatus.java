package dev.caravan.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One budget's state in its current period, as {@code GET /api/budget} shows it (snake_case JSON).
 *
 * @param configured     true when the budget source declares this budget now; false for a counter
 *                       charged earlier in the period by a budget since removed (its limits are the
 *                       ones it last had)
 * @param tokens         tokens (input plus output)
 * @param costMicros     cost in micro-dollars
 * @param percentUsed    the higher of the two dimensions' percentages (settled usage against the
 *                       limit); null when neither is limited
 * @param alertedPercent the highest alert threshold raised in this period; 0: none
 */
@JsonPropertyOrder({"scope", "name", "period", "period_start", "period_end", "soft", "configured", "tokens",
        "cost_micros", "percent_used", "alerted_percent"})
public record BudgetStatus(
        @JsonProperty("scope") String scope,
        @JsonProperty("name") String name,
        @JsonProperty("period") String period,
        @JsonProperty("period_start") Instant periodStart,
        @JsonProperty("period_end") Instant periodEnd,
        @JsonProperty("soft") boolean soft,
        @JsonProperty("configured") boolean configured,
        @JsonProperty("tokens") Amounts tokens,
        @JsonProperty("cost_micros") Amounts costMicros,
        @JsonProperty("percent_used") @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal percentUsed,
        @JsonProperty("alerted_percent") int alertedPercent) {

    /**
     * One dimension of a budget.
     *
     * @param limit       per period; null: not limited
     * @param used        settled by finished requests (may exceed the limit by what calls in flight
     *                    used beyond their estimates)
     * @param reserved    held by requests in flight
     * @param remaining   what a new reservation may still take: {@code limit - used - reserved}, at
     *                    least 0; null when not limited
     * @param percentUsed {@code used / limit} in percent, one decimal (a limit of 0 counts as fully
     *                    used); null when not limited
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"limit", "used", "reserved", "remaining", "percent_used"})
    public record Amounts(
            @JsonProperty("limit") Long limit,
            @JsonProperty("used") long used,
            @JsonProperty("reserved") long reserved,
            @JsonProperty("remaining") Long remaining,
            @JsonProperty("percent_used") BigDecimal percentUsed) {

        static Amounts of(Long limit, long used, long reserved) {
            if (limit == null) {
                return new Amounts(null, used, reserved, null, null);
            }
            long remaining = Math.max(0, limit - used - reserved);
            return new Amounts(limit, used, reserved, remaining, percent(used, limit));
        }

        private static BigDecimal percent(long used, long limit) {
            if (limit == 0) {
                return BigDecimal.valueOf(1000, 1);
            }
            return BigDecimal.valueOf(used).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(limit), 1, RoundingMode.HALF_UP);
        }
    }

    /**
     * @param counter the budget's counter in the current period, or null when nothing was charged yet
     * @param now     decides the period when there is no counter
     */
    static BudgetStatus of(Budget budget, BudgetCounter counter, boolean configured, Instant now) {
        LocalDate start = counter != null ? counter.periodStart() : budget.period().start(now);
        BudgetAmount used = counter != null ? counter.used() : BudgetAmount.ZERO;
        BudgetAmount reserved = counter != null ? counter.reserved() : BudgetAmount.ZERO;
        BudgetLimit limit = budget.limit();
        Amounts tokens = Amounts.of(limit.maxTokens(), used.tokens(), reserved.tokens());
        Amounts cost = Amounts.of(limit.maxCostMicros(), used.costMicros(), reserved.costMicros());
        BigDecimal percent = max(tokens.percentUsed(), cost.percentUsed());
        return new BudgetStatus(budget.scope().id(), budget.name(), budget.period().id(), utc(start),
                utc(budget.period().next(start)), limit.soft(), configured, tokens, cost, percent,
                counter != null ? counter.alertedPercent() : 0);
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a.max(b);
    }

    private static Instant utc(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
