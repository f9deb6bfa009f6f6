package dev.caravan.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The assertions every metering database must pass, run against H2 by
 * {@link MeteringRecorderTest} and against PostgreSQL by {@link MeteringPostgresIT}.
 * Subclasses provide a migrated, empty {@code usage_records} table before each test.
 */
abstract class MeteringStoreContract {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final List<MeteringRecorder> recorders = new ArrayList<>();

    /** A data source whose {@code usage_records} table exists and is empty. */
    protected abstract DataSource dataSource();

    protected JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    /** A recorder that is not started yet; stopped after the test. */
    protected MeteringRecorder newRecorder(MeteringProperties properties) {
        MeteringRecorder recorder = new MeteringRecorder(dataSource(), properties);
        recorders.add(recorder);
        return recorder;
    }

    @AfterEach
    void stopRecorders() {
        recorders.forEach(MeteringRecorder::stop);
        recorders.clear();
    }

    static UsageRecord usage(String id, String provider, String model, long in, long out, long cost) {
        return UsageRecord.builder(id)
                .createdAt(T0)
                .modelRequested("auto")
                .route(provider, model)
                .tokens(in, out)
                .costMicros(cost)
                .latencyMs(100)
                .build();
    }

    protected long rowCount() {
        return jdbc().queryForObject("SELECT COUNT(*) FROM usage_records", Long.class);
    }

    @Test
    void should_store_every_record_with_exact_sums_when_many_threads_record_concurrently() throws Exception {
        // given
        MeteringRecorder recorder = newRecorder(new MeteringProperties(50, Duration.ofMillis(20), 0));
        recorder.start();
        int threads = 5;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);

        // when
        List<Future<Void>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> task = () -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = thread * perThread + i;
                        recorder.record(usage("req-" + n, "sim", n % 2 == 0 ? "sim-small" : "sim-large",
                                n, 2L * n, 3L * n));
                    }
                    return null;
                };
                done.add(pool.submit(task));
            }
            for (Future<Void> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        recorder.flush();

        // then
        int n = threads * perThread;
        long sum = (long) n * (n - 1) / 2; // 0 + 1 + ... + 499
        Map<String, Object> sums = jdbc().queryForMap("SELECT COUNT(*) AS c, SUM(input_tokens) AS i,"
                + " SUM(output_tokens) AS o, SUM(cost_micros) AS m FROM usage_records");
        assertThat(((Number) sums.get("c")).longValue()).isEqualTo(n);
        assertThat(((Number) sums.get("i")).longValue()).isEqualTo(sum);
        assertThat(((Number) sums.get("o")).longValue()).isEqualTo(2 * sum);
        assertThat(((Number) sums.get("m")).longValue()).isEqualTo(3 * sum);
        assertThat(recorder.pending()).isZero();
        assertThat(recorder.stats().written()).isEqualTo(n);
    }

    @Test
    void should_skip_only_the_duplicate_when_a_batch_contains_an_already_used_request_id() {
        // given: the writer is not started, so all five land in one batch
        MeteringRecorder recorder = newRecorder(new MeteringProperties(100, Duration.ofMillis(10), 0));
        recorder.record(usage("a", "sim", "sim-small", 1, 1, 1));
        recorder.record(usage("b", "sim", "sim-small", 2, 2, 2));
        recorder.record(usage("a", "sim", "sim-small", 99, 99, 99));
        recorder.record(usage("c", "sim", "sim-small", 3, 3, 3));
        recorder.record(usage("d", "sim", "sim-small", 4, 4, 4));

        // when
        recorder.start();
        recorder.flush();

        // then
        assertThat(jdbc().queryForList("SELECT request_id FROM usage_records ORDER BY request_id", String.class))
                .containsExactly("a", "b", "c", "d");
        assertThat(jdbc().queryForObject("SELECT input_tokens FROM usage_records WHERE request_id = 'a'",
                Long.class)).isEqualTo(1L);
        assertThat(recorder.stats().duplicates()).isEqualTo(1);
        assertThat(recorder.stats().written()).isEqualTo(4);
        assertThat(recorder.stats().failures()).isZero();
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void should_skip_the_record_when_its_request_id_was_stored_by_an_earlier_batch() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.start();
        recorder.record(usage("first", "sim", "sim-small", 1, 1, 1));
        recorder.flush();

        // when
        recorder.record(usage("first", "sim", "sim-small", 5, 5, 5));
        recorder.record(usage("second", "sim", "sim-small", 2, 2, 2));
        recorder.flush();

        // then
        assertThat(rowCount()).isEqualTo(2);
        assertThat(recorder.stats().duplicates()).isEqualTo(1);
    }

    @Test
    void should_round_trip_every_column_when_a_record_is_stored() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.start();
        UsageRecord record = UsageRecord.builder("full-1")
                .createdAt(Instant.parse("2025-03-01T10:15:30.123456Z"))
                .channel(UsageRecord.CHANNEL_JMS)
                .kind(UsageRecord.KIND_EMBEDDING)
                .tenant("acme")
                .userId("u-1")
                .service("billing")
                .keyId("key-7")
                .task("summarise")
                .modelRequested("auto")
                .route("openai", "gpt-4o-mini")
                .tokens(11, 22)
                .costMicros(33)
                .latencyMs(44)
                .status(UsageRecord.STATUS_ERROR)
                .errorCode("upstream_timeout")
                .streamed(true)
                .build();

        // when
        recorder.record(record);
        recorder.flush();

        // then
        UsageRecord stored = jdbc().queryForObject("SELECT * FROM usage_records WHERE request_id = ?",
                (rs, i) -> UsageRecord.builder(rs.getString("request_id"))
                        .createdAt(rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant())
                        .channel(rs.getString("channel"))
                        .kind(rs.getString("kind"))
                        .tenant(rs.getString("tenant"))
                        .userId(rs.getString("user_id"))
                        .service(rs.getString("service"))
                        .keyId(rs.getString("key_id"))
                        .task(rs.getString("task"))
                        .modelRequested(rs.getString("model_requested"))
                        .route(rs.getString("provider"), rs.getString("model"))
                        .tokens(rs.getLong("input_tokens"), rs.getLong("output_tokens"))
                        .costMicros(rs.getLong("cost_micros"))
                        .latencyMs(rs.getLong("latency_ms"))
                        .status(rs.getString("status"))
                        .errorCode(rs.getString("error_code"))
                        .streamed(rs.getBoolean("streamed"))
                        .build(),
                "full-1");
        assertThat(stored).isEqualTo(record);
    }

    /** Five records over two hours: two models, one unrouted refusal, one cache hit. */
    protected void recordSummaryFixture(MeteringRecorder recorder) {
        recorder.record(usage("s1", "openai", "gpt-4o-mini", 100, 50, 1_000).toBuilder()
                .createdAt(T0).latencyMs(100).build());
        recorder.record(usage("s2", "openai", "gpt-4o-mini", 10, 0, 0).toBuilder()
                .createdAt(T0.plusSeconds(300)).latencyMs(301).status("error").errorCode("upstream_error").build());
        recorder.record(usage("s3", "anthropic", "claude-haiku", 200, 100, 5_000).toBuilder()
                .createdAt(T0.plusSeconds(3_600)).latencyMs(200).build());
        recorder.record(usage("s4", null, null, 0, 0, 0).toBuilder()
                .createdAt(T0.plusSeconds(5_400)).latencyMs(1).status("rejected").errorCode("rate_limited").build());
        recorder.record(usage("s5", "sim", "sim-small", 5, 5, 0).toBuilder()
                .createdAt(T0.plusSeconds(7_200)).latencyMs(2).status("cached").build());
        recorder.flush();
    }

    @Test
    void should_total_and_break_down_by_model_when_no_window_is_given() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.start();
        recordSummaryFixture(recorder);
        UsageSummaryService service = new UsageSummaryService(jdbc());

        // when
        UsageSummary summary = service.summary(null, null);

        // then
        assertThat(summary.from()).isNull();
        assertThat(summary.to()).isNull();
        assertThat(summary.totals()).isEqualTo(new UsageSummary.Totals(5, 3, 2, 315, 155, 6_000));
        assertThat(summary.totals().costUsd()).isEqualTo(new BigDecimal("0.006000"));
        assertThat(summary.byModel()).containsExactly(
                new UsageSummary.ModelUsage("anthropic", "claude-haiku", 1, 0, 200, 100, 5_000, 200),
                new UsageSummary.ModelUsage("openai", "gpt-4o-mini", 2, 1, 110, 50, 1_000, 201),
                new UsageSummary.ModelUsage("sim", "sim-small", 1, 0, 5, 5, 0, 2),
                new UsageSummary.ModelUsage(null, null, 1, 1, 0, 0, 0, 1));
    }

    @Test
    void should_count_only_records_inside_the_window_when_from_and_to_are_given() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.start();
        recordSummaryFixture(recorder);
        UsageSummaryService service = new UsageSummaryService(jdbc());
        Instant from = T0.plusSeconds(3_600); // s3 exactly: included
        Instant to = T0.plusSeconds(7_200);   // s5 exactly: excluded

        // when
        UsageSummary summary = service.summary(from, to);

        // then
        assertThat(summary.from()).isEqualTo(from);
        assertThat(summary.to()).isEqualTo(to);
        assertThat(summary.totals()).isEqualTo(new UsageSummary.Totals(2, 1, 1, 200, 100, 5_000));
        assertThat(summary.byModel()).extracting(UsageSummary.ModelUsage::model)
                .containsExactly("claude-haiku", null);
    }

    @Test
    void should_apply_a_single_bound_when_only_from_or_only_to_is_given() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.start();
        recordSummaryFixture(recorder);
        UsageSummaryService service = new UsageSummaryService(jdbc());

        // when
        UsageSummary fromOnly = service.summary(T0.plusSeconds(5_400), null);
        UsageSummary toOnly = service.summary(null, T0.plusSeconds(300));

        // then
        assertThat(fromOnly.totals().requests()).isEqualTo(2);
        assertThat(fromOnly.byModel()).extracting(UsageSummary.ModelUsage::model)
                .containsExactlyInAnyOrder("sim-small", null);
        assertThat(toOnly.totals()).isEqualTo(new UsageSummary.Totals(1, 1, 0, 100, 50, 1_000));
    }

    @Test
    void should_return_zero_totals_and_no_models_when_the_window_is_empty() {
        // given
        UsageSummaryService service = new UsageSummaryService(jdbc());

        // when
        UsageSummary summary = service.summary(T0, T0.plusSeconds(60));

        // then
        assertThat(summary.totals()).isEqualTo(new UsageSummary.Totals(0, 0, 0, 0, 0, 0));
        assertThat(summary.byModel()).isEmpty();
    }

    @Test
    void should_refuse_the_window_when_from_is_after_to() {
        // given
        UsageSummaryService service = new UsageSummaryService(jdbc());

        // when / then
        assertThatThrownBy(() -> service.summary(T0.plusSeconds(1), T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
