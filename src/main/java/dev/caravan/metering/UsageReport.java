package dev.caravan.metering;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/usage} (snake_case JSON).
 *
 * @param from      start of the window, inclusive
 * @param to        end of the window, exclusive
 * @param tenant    the tenant the report is limited to; null: every tenant
 * @param groupBy   the dimensions of each row's {@code group}, in order
 * @param rows      one per group, ordered by the group's values (nulls last)
 * @param totals    over the whole window (and tenant), whatever the grouping
 * @param truncated true when there were more groups than the report returns
 */
@JsonPropertyOrder({"from", "to", "tenant", "group_by", "rows", "totals", "truncated"})
public record UsageReport(
        @JsonProperty("from") Instant from,
        @JsonProperty("to") Instant to,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("group_by") List<String> groupBy,
        @JsonProperty("rows") List<Row> rows,
        @JsonProperty("totals") Row totals,
        @JsonProperty("truncated") boolean truncated) {

    public UsageReport {
        groupBy = List.copyOf(groupBy);
        rows = List.copyOf(rows);
    }

    /**
     * One group's usage. Money is integer micro-dollars, with the dollar amount next to it for
     * reading; latencies are PERCENTILE_CONT over the group's records (interpolated), rounded to
     * 0.1 ms, null for an empty group.
     *
     * @param group           dimension name to value (null: not known, e.g. an anonymous caller's
     *                        tenant); absent in {@code totals}
     * @param requests        records
     * @param cacheHits       answered from the cache (exact or semantic)
     * @param savedCostMicros what those cache hits would have cost
     * @param errors          status {@code error}: the gateway or a provider failed
     * @param rejected        status {@code rejected}: refused (bad input, policy, budget, auth)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"group", "requests", "input_tokens", "output_tokens", "cost_micros", "cost_usd",
            "cache_hits", "saved_cost_micros", "saved_cost_usd", "errors", "rejected", "p50_latency_ms",
            "p95_latency_ms"})
    public record Row(
            @JsonProperty("group") Map<String, String> group,
            @JsonProperty("requests") long requests,
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("cost_micros") long costMicros,
            @JsonProperty("cache_hits") long cacheHits,
            @JsonProperty("saved_cost_micros") long savedCostMicros,
            @JsonProperty("errors") long errors,
            @JsonProperty("rejected") long rejected,
            @JsonProperty("p50_latency_ms") @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal p50LatencyMs,
            @JsonProperty("p95_latency_ms") @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal p95LatencyMs) {

        public Row {
            group = group == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(group));
        }

        /** The cost in dollars, scale 6. */
        @JsonProperty("cost_usd")
        public BigDecimal costUsd() {
            return UsageSummary.usd(costMicros);
        }

        /** The saved cost in dollars, scale 6. */
        @JsonProperty("saved_cost_usd")
        public BigDecimal savedCostUsd() {
            return UsageSummary.usd(savedCostMicros);
        }
    }
}
