package dev.caravan.metering;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Aggregates {@code usage_records} over a time window, optionally of one tenant. All SQL is fixed
 * text with bound parameters; the only variation is which constant conditions are present.
 */
@Service
public class UsageSummaryService {

    /** Status values counted as answered; everything else (error, rejected) counts as an error. */
    private static final String ANSWERED = "status IN ('ok', 'cached')";

    private static final String TOTALS_SQL = "SELECT COUNT(*) AS requests,"
            + " COALESCE(SUM(CASE WHEN " + ANSWERED + " THEN 1 ELSE 0 END), 0) AS ok_count,"
            + " COALESCE(SUM(input_tokens), 0) AS input_sum,"
            + " COALESCE(SUM(output_tokens), 0) AS output_sum,"
            + " COALESCE(SUM(cost_micros), 0) AS cost_sum"
            + " FROM usage_records";

    private static final String BY_MODEL_SELECT = "SELECT provider, model, COUNT(*) AS requests,"
            + " COALESCE(SUM(CASE WHEN " + ANSWERED + " THEN 0 ELSE 1 END), 0) AS error_count,"
            + " COALESCE(SUM(input_tokens), 0) AS input_sum,"
            + " COALESCE(SUM(output_tokens), 0) AS output_sum,"
            + " COALESCE(SUM(cost_micros), 0) AS cost_sum,"
            + " COALESCE(SUM(latency_ms), 0) AS latency_sum"
            + " FROM usage_records";

    private static final String BY_MODEL_GROUP = " GROUP BY provider, model"
            + " ORDER BY SUM(cost_micros) DESC, COUNT(*) DESC, provider ASC NULLS LAST, model ASC NULLS LAST";

    private static final String CACHE_SQL = "SELECT"
            + " COALESCE(SUM(CASE WHEN cache_status = 'hit' THEN 1 ELSE 0 END), 0) AS exact_hits,"
            + " COALESCE(SUM(CASE WHEN cache_status = 'semantic-hit' THEN 1 ELSE 0 END), 0) AS semantic_hits,"
            + " COALESCE(SUM(CASE WHEN cache_status = 'miss' THEN 1 ELSE 0 END), 0) AS misses,"
            + " COALESCE(SUM(CASE WHEN cache_status = 'bypass' THEN 1 ELSE 0 END), 0) AS bypassed,"
            + " COALESCE(SUM(saved_cost_micros), 0) AS saved_sum"
            + " FROM usage_records";

    private final JdbcTemplate jdbc;

    public UsageSummaryService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param from start, inclusive; null = from the first record
     * @param to   end, exclusive; null = up to the last record
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    public UsageSummary summary(Instant from, Instant to) {
        return summary(from, to, null);
    }

    /**
     * As {@link #summary(Instant, Instant)}, of one tenant's records only.
     *
     * @param tenant null: every tenant's
     */
    public UsageSummary summary(Instant from, Instant to, String tenant) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
        }
        String where = where(from, to, tenant);
        Object[] args = args(from, to, tenant);

        UsageSummary.Totals totals = jdbc.queryForObject(TOTALS_SQL + where, (rs, i) -> {
            long requests = rs.getLong("requests");
            long ok = rs.getLong("ok_count");
            return new UsageSummary.Totals(requests, ok, requests - ok, rs.getLong("input_sum"),
                    rs.getLong("output_sum"), rs.getLong("cost_sum"));
        }, args);

        List<UsageSummary.ModelUsage> byModel = new ArrayList<>(
                jdbc.query(BY_MODEL_SELECT + where + BY_MODEL_GROUP, UsageSummaryService::modelUsage, args));
        return new UsageSummary(from, to, totals, byModel);
    }

    /** What the response cache did over a window, from the usage records of every instance. */
    public record CacheCounts(long exactHits, long semanticHits, long misses, long bypassed, long savedCostMicros) {
    }

    public CacheCounts cacheCounts(Instant from, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
        }
        return jdbc.queryForObject(CACHE_SQL + where(from, to, null), (rs, i) -> new CacheCounts(
                rs.getLong("exact_hits"), rs.getLong("semantic_hits"), rs.getLong("misses"), rs.getLong("bypassed"),
                rs.getLong("saved_sum")), args(from, to, null));
    }

    private static UsageSummary.ModelUsage modelUsage(ResultSet rs, int row) throws SQLException {
        long requests = rs.getLong("requests");
        long latencySum = rs.getLong("latency_sum");
        long avgLatency = requests == 0 ? 0 : (latencySum + requests / 2) / requests;
        return new UsageSummary.ModelUsage(rs.getString("provider"), rs.getString("model"), requests,
                rs.getLong("error_count"), rs.getLong("input_sum"), rs.getLong("output_sum"),
                rs.getLong("cost_sum"), avgLatency);
    }

    /** Constant conditions for the bounds and tenant that are present, never their values. */
    private static String where(Instant from, Instant to, String tenant) {
        List<String> conditions = new ArrayList<>(3);
        if (from != null) {
            conditions.add("created_at >= ?");
        }
        if (to != null) {
            conditions.add("created_at < ?");
        }
        if (tenant != null) {
            conditions.add("tenant = ?");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static Object[] args(Instant from, Instant to, String tenant) {
        List<Object> args = new ArrayList<>(3);
        if (from != null) {
            args.add(from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            args.add(to.atOffset(ZoneOffset.UTC));
        }
        if (tenant != null) {
            args.add(tenant);
        }
        return args.toArray();
    }
}
