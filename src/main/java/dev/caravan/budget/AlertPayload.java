package dev.caravan.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.ZoneOffset;

/**
 * A {@link BudgetAlert} as JSON for the {@code caravan.alerts} topic and the webhook (snake_case,
 * times as ISO-8601 strings so that the text does not depend on an ObjectMapper's settings).
 *
 * @param type             always {@value #TYPE}, so that receivers of several kinds of message can tell
 * @param periodStart      first instant of the budget's period (UTC)
 * @param periodEnd        first instant after it
 * @param thresholdPercent the threshold crossed (80, 95, 100 by default)
 * @param dimension        {@code tokens} or {@code cost}
 * @param used             settled usage in that dimension (micro-dollars for cost)
 * @param limit            the limit in that dimension
 * @param soft             true: requests continue past the limit
 * @param message          one line for people
 */
@JsonPropertyOrder({"type", "scope", "name", "period", "period_start", "period_end", "threshold_percent",
        "dimension", "used", "limit", "soft", "raised_at", "message"})
public record AlertPayload(
        @JsonProperty("type") String type,
        @JsonProperty("scope") String scope,
        @JsonProperty("name") String name,
        @JsonProperty("period") String period,
        @JsonProperty("period_start") String periodStart,
        @JsonProperty("period_end") String periodEnd,
        @JsonProperty("threshold_percent") int thresholdPercent,
        @JsonProperty("dimension") String dimension,
        @JsonProperty("used") long used,
        @JsonProperty("limit") long limit,
        @JsonProperty("soft") boolean soft,
        @JsonProperty("raised_at") String raisedAt,
        @JsonProperty("message") String message) {

    public static final String TYPE = "budget_alert";

    public static AlertPayload of(BudgetAlert alert) {
        Budget budget = alert.budget();
        return new AlertPayload(TYPE, budget.scope().id(), budget.name(), budget.period().id(),
                alert.periodStart().atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                budget.period().next(alert.periodStart()).atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                alert.thresholdPercent(), alert.dimension().id(), alert.used(), alert.limit(), budget.limit().soft(),
                alert.raisedAt().toString(), alert.describe());
    }
}
