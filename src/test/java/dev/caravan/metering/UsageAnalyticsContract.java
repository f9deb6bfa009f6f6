package dev.caravan.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@link UsageAnalytics} must answer on every database, run against H2 by
 * {@link UsageAnalyticsH2Test} and against PostgreSQL by {@link UsageAnalyticsPostgresIT}: the
 * same records give the same numbers, to the micro-dollar and the tenth of a millisecond.
 *
 * <p>The records (window 2025-03-01 to 2025-03-03): tenant acme has four (two on each side of
 * midnight UTC, an answered one, a cache hit, an error and a rejection), globex one semantic cache
 * hit, and one is anonymous; two acme records lie just outside the window.
 */
abstract class UsageAnalyticsContract {

    static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2025-03-03T00:00:00Z");

    /** A data source whose {@code usage_records} table exists (emptied before each test). */
    protected abstract DataSource dataSource();

    @BeforeEach
    void insertRecords() {
        new JdbcTemplate(dataSource()).update("DELETE FROM usage_records");
        MeteringRecorder recorder = new MeteringRecorder(dataSource(), MeteringProperties.defaults());
        recorder.record(record("r1", "2025-03-01T10:00:00Z", "acme", "alice", "key_1", "quiz", "sim-small")
                .tokens(10, 20).costMicros(100).latencyMs(100).build());
        recorder.record(record("r2", "2025-03-01T23:59:59Z", "acme", "alice", "key_1", "quiz", "sim-small")
                .tokens(30, 40).costMicros(300).latencyMs(300).status(UsageRecord.STATUS_CACHED).cacheStatus("hit")
                .savedCostMicros(250).build());
        recorder.record(record("r3", "2025-03-02T00:00:00Z", "acme", "bob", "key_2", "draft", "sim-large")
                .tokens(5, 0).latencyMs(50).status(UsageRecord.STATUS_ERROR).errorCode("provider_timeout")
                .cacheStatus("miss").build());
        recorder.record(record("r4", "2025-03-02T01:00:00Z", "acme", "bob", "key_2", null, null)
                .latencyMs(10).status(UsageRecord.STATUS_REJECTED).errorCode("invalid_request").build());
        recorder.record(record("r5", "2025-03-01T12:00:00Z", "globex", "carol", "key_3", "quiz", "sim-small")
                .service("billing").tokens(100, 100).costMicros(1000).latencyMs(1000)
                .status(UsageRecord.STATUS_CACHED).cacheStatus("semantic-hit").savedCostMicros(900).build());
        recorder.record(record("r6", "2025-03-02T08:00:00Z", null, null, null, null, "sim-small")
                .tokens(1, 1).costMicros(1).latencyMs(20).build());
        recorder.record(record("early", "2025-02-28T23:59:59.999Z", "acme", "alice", "key_1", "quiz", "sim-small")
                .tokens(1000, 1000).costMicros(99999).latencyMs(5000).build());
        recorder.record(record("late", "2025-03-03T00:00:00Z", "acme", "alice", "key_1", "quiz", "sim-small")
                .tokens(1000, 1000).costMicros(99999).latencyMs(5000).build());
        recorder.flush();
        assertThat(recorder.stats().written()).isEqualTo(8);
    }

    private static UsageRecord.Builder record(String id, String at, String tenant, String user, String key,
            String task, String model) {
        return UsageRecord.builder(id).createdAt(Instant.parse(at)).tenant(tenant).userId(user).keyId(key).task(task)
                .modelRequested("auto").route(model == null ? null : "simulator", model);
    }

    UsageReport report(String tenant, UsageDimension... groupBy) {
        return new UsageAnalytics(dataSource()).report(new UsageQuery(List.of(groupBy), FROM, TO, tenant));
    }

    static Map<String, String> group(String... nameValue) {
        Map<String, String> group = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            group.put(nameValue[i], nameValue[i + 1]);
        }
        return group;
    }

    static BigDecimal ms(String value) {
        return new BigDecimal(value);
    }

    @Test
    void should_total_every_record_in_the_window_when_nothing_is_grouped() {
        UsageReport report = report(null);

        UsageReport.Row totals = report.totals();
        assertThat(totals.requests()).isEqualTo(6);
        assertThat(totals.inputTokens()).isEqualTo(10 + 30 + 5 + 100 + 1);
        assertThat(totals.outputTokens()).isEqualTo(20 + 40 + 100 + 1);
        assertThat(totals.costMicros()).isEqualTo(100 + 300 + 1000 + 1);
        assertThat(totals.costUsd()).isEqualByComparingTo("0.001401");
        assertThat(totals.cacheHits()).isEqualTo(2);
        assertThat(totals.savedCostMicros()).isEqualTo(1150);
        assertThat(totals.errors()).isEqualTo(1);
        assertThat(totals.rejected()).isEqualTo(1);
        // latencies 10, 20, 50, 100, 300, 1000: p50 between 50 and 100, p95 at 4.75 of 5 steps
        assertThat(totals.p50LatencyMs()).isEqualTo(ms("75.0"));
        assertThat(totals.p95LatencyMs()).isEqualTo(ms("825.0"));
        assertThat(report.rows()).singleElement().satisfies(row -> {
            assertThat(row.group()).isEmpty();
            assertThat(row.requests()).isEqualTo(6);
        });
        assertThat(report.groupBy()).isEmpty();
        assertThat(report.truncated()).isFalse();
    }

    @Test
    void should_give_one_row_per_tenant_with_unknown_tenant_last_when_grouped_by_tenant() {
        UsageReport report = report(null, UsageDimension.TENANT);

        assertThat(report.rows()).extracting(UsageReport.Row::group).containsExactly(
                group("tenant", "acme"), group("tenant", "globex"), group("tenant", null));
        UsageReport.Row acme = report.rows().get(0);
        assertThat(acme.requests()).isEqualTo(4);
        assertThat(acme.inputTokens()).isEqualTo(45);
        assertThat(acme.outputTokens()).isEqualTo(60);
        assertThat(acme.costMicros()).isEqualTo(400);
        assertThat(acme.cacheHits()).isEqualTo(1);
        assertThat(acme.savedCostMicros()).isEqualTo(250);
        assertThat(acme.errors()).isEqualTo(1);
        assertThat(acme.rejected()).isEqualTo(1);
        // latencies 10, 50, 100, 300
        assertThat(acme.p50LatencyMs()).isEqualTo(ms("75.0"));
        assertThat(acme.p95LatencyMs()).isEqualTo(ms("270.0"));
        UsageReport.Row globex = report.rows().get(1);
        assertThat(globex.requests()).isEqualTo(1);
        assertThat(globex.cacheHits()).isEqualTo(1);
        assertThat(globex.savedCostMicros()).isEqualTo(900);
        assertThat(globex.p50LatencyMs()).isEqualTo(ms("1000.0"));
        assertThat(globex.p95LatencyMs()).isEqualTo(ms("1000.0"));
        assertThat(report.totals().requests()).isEqualTo(6);
    }

    @Test
    void should_split_days_at_midnight_utc_in_the_order_asked_when_grouped_by_day_and_tenant() {
        UsageReport report = report(null, UsageDimension.DAY, UsageDimension.TENANT);

        assertThat(report.groupBy()).containsExactly("day", "tenant");
        assertThat(report.rows()).extracting(UsageReport.Row::group).containsExactly(
                group("day", "2025-03-01", "tenant", "acme"),
                group("day", "2025-03-01", "tenant", "globex"),
                group("day", "2025-03-02", "tenant", "acme"),
                group("day", "2025-03-02", "tenant", null));
        assertThat(report.rows().get(0).group().keySet()).containsExactly("day", "tenant");
        UsageReport.Row firstDay = report.rows().get(0);
        assertThat(firstDay.requests()).isEqualTo(2);
        assertThat(firstDay.p50LatencyMs()).isEqualTo(ms("200.0"));
        assertThat(firstDay.p95LatencyMs()).isEqualTo(ms("290.0"));
        UsageReport.Row secondDay = report.rows().get(2);
        assertThat(secondDay.requests()).isEqualTo(2);
        assertThat(secondDay.errors()).isEqualTo(1);
        assertThat(secondDay.rejected()).isEqualTo(1);
        assertThat(secondDay.p50LatencyMs()).isEqualTo(ms("30.0"));
        assertThat(secondDay.p95LatencyMs()).isEqualTo(ms("48.0"));
    }

    @Test
    void should_count_only_that_tenants_records_when_a_tenant_is_given() {
        UsageReport report = report("acme", UsageDimension.PROVIDER, UsageDimension.MODEL);

        assertThat(report.tenant()).isEqualTo("acme");
        assertThat(report.rows()).extracting(UsageReport.Row::group).containsExactly(
                group("provider", "simulator", "model", "sim-large"),
                group("provider", "simulator", "model", "sim-small"),
                group("provider", null, "model", null));
        assertThat(report.rows()).extracting(UsageReport.Row::requests).containsExactly(1L, 2L, 1L);
        assertThat(report.rows().get(1).costMicros()).isEqualTo(400);
        assertThat(report.totals().requests()).isEqualTo(4);
        assertThat(report.totals().costMicros()).isEqualTo(400);
    }

    @Test
    void should_group_by_key_user_service_and_task_when_asked() {
        UsageReport report = report(null, UsageDimension.KEY, UsageDimension.USER, UsageDimension.SERVICE,
                UsageDimension.TASK);

        assertThat(report.rows()).extracting(UsageReport.Row::group).containsExactly(
                group("key", "key_1", "user", "alice", "service", null, "task", "quiz"),
                group("key", "key_2", "user", "bob", "service", null, "task", "draft"),
                group("key", "key_2", "user", "bob", "service", null, "task", null),
                group("key", "key_3", "user", "carol", "service", "billing", "task", "quiz"),
                group("key", null, "user", null, "service", null, "task", null));
        assertThat(report.rows()).extracting(UsageReport.Row::requests).containsExactly(2L, 1L, 1L, 1L, 1L);
    }

    @Test
    void should_cut_off_and_say_so_when_there_are_more_groups_than_allowed() {
        UsageReport report = new UsageAnalytics(dataSource(), 2)
                .report(new UsageQuery(List.of(UsageDimension.TENANT), FROM, TO, null));

        assertThat(report.rows()).extracting(r -> r.group().get("tenant")).containsExactly("acme", "globex");
        assertThat(report.truncated()).isTrue();
        assertThat(report.totals().requests()).isEqualTo(6);
    }

    @Test
    void should_answer_no_rows_and_zero_totals_when_the_window_is_empty() {
        UsageReport report = new UsageAnalytics(dataSource()).report(new UsageQuery(
                Arrays.asList(UsageDimension.values()), Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-02T00:00:00Z"), null));

        assertThat(report.rows()).isEmpty();
        assertThat(report.totals().requests()).isZero();
        assertThat(report.totals().costMicros()).isZero();
        assertThat(report.totals().p50LatencyMs()).isNull();
        assertThat(report.totals().p95LatencyMs()).isNull();
    }

    @Test
    void should_summarise_one_tenant_only_when_the_summary_is_given_a_tenant() {
        UsageSummaryService summaries = new UsageSummaryService(new JdbcTemplate(dataSource()));

        UsageSummary acme = summaries.summary(FROM, TO, "acme");
        UsageSummary all = summaries.summary(FROM, TO, null);

        assertThat(acme.totals().requests()).isEqualTo(4);
        assertThat(acme.totals().errors()).isEqualTo(2);
        assertThat(acme.totals().costMicros()).isEqualTo(400);
        assertThat(all.totals().requests()).isEqualTo(6);
        assertThat(summaries.summary(null, null, "acme").totals().requests()).isEqualTo(6);
    }
}
