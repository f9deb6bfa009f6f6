package dev.caravan.metering;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Usage analytics over {@code usage_records}: requests, tokens, cost, cache hits and savings,
 * errors, rejections and latency percentiles, grouped by any of the {@link UsageDimension}s.
 *
 * <p>The SQL is assembled only from constants: the grouping expressions come from the
 * {@link UsageDimension} enum (the whitelist), the tenant condition is present or not, and every
 * value (window, tenant, row limit) is bound. It runs unchanged on H2 2.x and PostgreSQL: both
 * have the ordered-set aggregate {@code PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY …)} and
 * {@code AT TIME ZONE} (PostgreSQL returns double precision, H2 an exact decimal: both are
 * rounded to 0.1 ms so the answers agree). The window uses the {@code created_at} index.
 */
public class UsageAnalytics {

    /** Groups a report returns at most; more are cut off and the report says so. */
    public static final int DEFAULT_MAX_ROWS = 10_000;

    private static final String CACHE_HIT = "(cache_status IN ('hit', 'semantic-hit') OR status = 'cached')";

    private static final String MEASURES = "COUNT(*) AS requests,"
            + " COALESCE(SUM(input_tokens), 0) AS input_sum,"
            + " COALESCE(SUM(output_tokens), 0) AS output_sum,"
            + " COALESCE(SUM(cost_micros), 0) AS cost_sum,"
            + " COALESCE(SUM(CASE WHEN " + CACHE_HIT + " THEN 1 ELSE 0 END), 0) AS cache_hits,"
            + " COALESCE(SUM(saved_cost_micros), 0) AS saved_sum,"
            + " COALESCE(SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END), 0) AS error_count,"
            + " COALESCE(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0) AS rejected_count,"
            + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,"
            + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95";

    private static final String WINDOW = " FROM usage_records WHERE created_at >= ? AND created_at < ?";
    private static final String OF_TENANT = " AND tenant = ?";

    private final JdbcTemplate jdbc;
    private final int maxRows;

    public UsageAnalytics(DataSource dataSource) {
        this(dataSource, DEFAULT_MAX_ROWS);
    }

    public UsageAnalytics(DataSource dataSource, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
        }
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.maxRows = maxRows;
    }

    public UsageReport report(UsageQuery query) {
        List<Object> args = new ArrayList<>(4);
        args.add(query.from().atOffset(ZoneOffset.UTC));
        args.add(query.to().atOffset(ZoneOffset.UTC));
        String where = WINDOW;
        if (query.tenant() != null) {
            where += OF_TENANT;
            args.add(query.tenant());
        }
        UsageReport.Row totals = jdbc.queryForObject("SELECT " + MEASURES + where,
                (rs, i) -> row(rs, null), args.toArray());

        List<UsageDimension> dims = query.groupBy();
        List<UsageReport.Row> rows;
        boolean truncated = false;
        if (dims.isEmpty()) {
            rows = totals.requests() == 0 ? List.of() : List.of(withGroup(totals, Map.of()));
        } else {
            rows = new ArrayList<>(jdbc.query(groupedSql(dims, where), (rs, i) -> row(rs, group(rs, dims)),
                    withLimit(args)));
            if (rows.size() > maxRows) {
                rows = rows.subList(0, maxRows);
                truncated = true;
            }
        }
        return new UsageReport(query.from(), query.to(), query.tenant(),
                dims.stream().map(UsageDimension::id).toList(), rows, totals, truncated);
    }

    /** SELECT g0, g1, …, measures … GROUP BY the same expressions ORDER BY them, nulls last. */
    static String groupedSql(List<UsageDimension> dims, String where) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < dims.size(); i++) {
            select.append(dims.get(i).sql()).append(" AS g").append(i).append(", ");
        }
        String expressions = dims.stream().map(UsageDimension::sql).collect(Collectors.joining(", "));
        String order = dims.stream().map(d -> d.sql() + " ASC NULLS LAST").collect(Collectors.joining(", "));
        return select + MEASURES + where + " GROUP BY " + expressions + " ORDER BY " + order
                + " FETCH FIRST ? ROWS ONLY";
    }

    private Object[] withLimit(List<Object> args) {
        List<Object> all = new ArrayList<>(args);
        all.add(maxRows + 1); // one more than returned: tells whether the report is cut off
        return all.toArray();
    }

    private static Map<String, String> group(ResultSet rs, List<UsageDimension> dims) throws SQLException {
        Map<String, String> group = new LinkedHashMap<>();
        for (int i = 0; i < dims.size(); i++) {
            UsageDimension dim = dims.get(i);
            String column = "g" + i;
            String value = dim == UsageDimension.DAY ? day(rs.getObject(column, LocalDate.class))
                    : rs.getString(column);
            group.put(dim.id(), value);
        }
        return group;
    }

    private static String day(LocalDate day) {
        return day == null ? null : day.toString();
    }

    private static UsageReport.Row row(ResultSet rs, Map<String, String> group) throws SQLException {
        return new UsageReport.Row(group, rs.getLong("requests"), rs.getLong("input_sum"), rs.getLong("output_sum"),
                rs.getLong("cost_sum"), rs.getLong("cache_hits"), rs.getLong("saved_sum"), rs.getLong("error_count"),
                rs.getLong("rejected_count"), millis(rs.getBigDecimal("p50")), millis(rs.getBigDecimal("p95")));
    }

    private static UsageReport.Row withGroup(UsageReport.Row r, Map<String, String> group) {
        return new UsageReport.Row(group, r.requests(), r.inputTokens(), r.outputTokens(), r.costMicros(),
                r.cacheHits(), r.savedCostMicros(), r.errors(), r.rejected(), r.p50LatencyMs(), r.p95LatencyMs());
    }

    private static BigDecimal millis(BigDecimal value) {
        return value == null ? null : value.setScale(1, RoundingMode.HALF_UP);
    }
}
