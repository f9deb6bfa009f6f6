package dev.caravan.metering;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Usage over a time window, as served to clients (snake_case JSON).
 *
 * @param from    start of the window, inclusive; null = unbounded
 * @param to      end of the window, exclusive; null = unbounded
 * @param totals  totals over the window
 * @param byModel one entry per provider/model, most expensive first; requests that failed before
 *                routing appear with a null provider and model
 */
@JsonPropertyOrder({"from", "to", "totals", "by_model"})
public record UsageSummary(
        @JsonProperty("from") Instant from,
        @JsonProperty("to") Instant to,
        @JsonProperty("totals") Totals totals,
        @JsonProperty("by_model") List<ModelUsage> byModel) {

    public UsageSummary {
        byModel = List.copyOf(byModel);
    }

    /** Micro-dollars as dollars with six decimals. */
    static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    /**
     * @param requests     all records
     * @param ok           answered: status {@code ok} or {@code cached}
     * @param errors       not answered: status {@code error} or {@code rejected}
     * @param inputTokens  sum of input tokens
     * @param outputTokens sum of output tokens
     * @param costMicros   sum of costs in micro-dollars
     */
    @JsonPropertyOrder({"requests", "ok", "errors", "input_tokens", "output_tokens", "cost_micros", "cost_usd"})
    public record Totals(
            @JsonProperty("requests") long requests,
            @JsonProperty("ok") long ok,
            @JsonProperty("errors") long errors,
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("cost_micros") long costMicros) {

        /** The cost in dollars, scale 6. */
        @JsonProperty("cost_usd")
        public BigDecimal costUsd() {
            return usd(costMicros);
        }
    }

    /**
     * @param provider     provider id, null for requests that failed before routing
     * @param model        model id, null for requests that failed before routing
     * @param requests     records for this provider/model
     * @param errors       of which not answered (status {@code error} or {@code rejected})
     * @param inputTokens  sum of input tokens
     * @param outputTokens sum of output tokens
     * @param costMicros   sum of costs in micro-dollars
     * @param avgLatencyMs mean latency over all its records, rounded half-up
     */
    @JsonPropertyOrder({"provider", "model", "requests", "errors", "input_tokens", "output_tokens", "cost_micros",
            "cost_usd", "avg_latency_ms"})
    public record ModelUsage(
            @JsonProperty("provider") String provider,
            @JsonProperty("model") String model,
            @JsonProperty("requests") long requests,
            @JsonProperty("errors") long errors,
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("cost_micros") long costMicros,
            @JsonProperty("avg_latency_ms") long avgLatencyMs) {

        /** The cost in dollars, scale 6. */
        @JsonProperty("cost_usd")
        public BigDecimal costUsd() {
            return usd(costMicros);
        }
    }
}
