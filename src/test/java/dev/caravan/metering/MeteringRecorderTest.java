package dev.caravan.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metering store against an in-memory H2 database (default mode), no Spring context: the
 * shared contract from {@link MeteringStoreContract} plus queue, lifecycle and JSON behaviour.
 *
 * <p>The data source is Hikari over a {@code jdbc:h2:mem:} URL because H2 is a runtime-scoped
 * dependency, so {@code org.h2.jdbcx.JdbcDataSource} cannot be referenced at compile time.
 */
class MeteringRecorderTest extends MeteringStoreContract {

    private HikariDataSource dataSource;

    @BeforeEach
    void createDatabase() {
        dataSource = dev.caravan.support.TestH2.migrated("metering");
    }

    @AfterEach
    void dropDatabase() {
        stopRecorders(); // subclass @AfterEach runs first: stop writers before the database goes
        jdbc().execute("SHUTDOWN");
        dataSource.close();
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Test
    void should_write_in_the_caller_thread_and_count_backpressure_when_the_queue_is_full() {
        // given: a queue of two, no writer running, and no waiting for room
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeteringRecorder recorder = new MeteringRecorder(dataSource,
                new MeteringProperties(10, Duration.ofMillis(10), 2), registry, Duration.ZERO);
        recorder.record(usage("q1", "sim", "sim-small", 1, 1, 1));
        recorder.record(usage("q2", "sim", "sim-small", 1, 1, 1));

        // when
        recorder.record(usage("overflow", "sim", "sim-small", 1, 1, 1));

        // then: the overflow is already stored, the queued two are still pending
        assertThat(jdbc().queryForList("SELECT request_id FROM usage_records", String.class))
                .containsExactly("overflow");
        assertThat(registry.get("caravan.metering.backpressure").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("caravan.metering.queue.depth").gauge().value()).isEqualTo(2.0);
        assertThat(recorder.pending()).isEqualTo(2);
        recorder.stop();
        assertThat(rowCount()).isEqualTo(3);
    }

    @Test
    void should_write_everything_queued_when_stopped() {
        // given
        MeteringRecorder recorder = newRecorder(new MeteringProperties(7, Duration.ofSeconds(5), 0));
        recorder.start();
        for (int i = 0; i < 50; i++) {
            recorder.record(usage("stop-" + i, "sim", "sim-small", 1, 1, 1));
        }

        // when
        recorder.stop();

        // then
        assertThat(rowCount()).isEqualTo(50);
        assertThat(recorder.pending()).isZero();
        assertThat(recorder.isRunning()).isFalse();
    }

    @Test
    void should_write_synchronously_when_recording_after_stop() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.start();
        recorder.stop();

        // when
        recorder.record(usage("late", "sim", "sim-small", 1, 1, 1));

        // then
        assertThat(rowCount()).isEqualTo(1);
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void should_write_queued_records_in_the_caller_thread_when_flushed_before_start() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.record(usage("early", "sim", "sim-small", 1, 1, 1));
        assertThat(recorder.pending()).isEqualTo(1);

        // when
        recorder.flush();

        // then
        assertThat(rowCount()).isEqualTo(1);
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void should_not_wait_for_the_flush_interval_when_flushed() {
        // given: a flush interval far longer than the flush timeout
        MeteringRecorder recorder = newRecorder(new MeteringProperties(1_000, Duration.ofMinutes(5), 0));
        recorder.start();
        recorder.record(usage("quick", "sim", "sim-small", 1, 1, 1));

        // when
        boolean flushed = recorder.flush(Duration.ofSeconds(10));

        // then
        assertThat(flushed).isTrue();
        assertThat(rowCount()).isEqualTo(1);
    }

    @Test
    void should_publish_written_and_failure_counters_when_a_registry_is_given() {
        // given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeteringRecorder recorder = new MeteringRecorder(dataSource, MeteringProperties.defaults(), registry);
        recorder.start();

        // when
        recorder.record(usage("m1", "sim", "sim-small", 1, 1, 1));
        recorder.record(usage("m2", "sim", "sim-small", 1, 1, 1));
        recorder.record(usage("m1", "sim", "sim-small", 1, 1, 1));
        recorder.flush();
        recorder.stop();

        // then
        assertThat(registry.get("caravan.metering.records.written").functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.get("caravan.metering.write.failures").tag("reason", "duplicate")
                .functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("caravan.metering.write.failures").tag("reason", "error")
                .functionCounter().count()).isZero();
        assertThat(registry.get("caravan.metering.queue.depth").gauge().value()).isZero();
    }

    @Test
    void should_log_and_count_a_failure_without_throwing_when_the_table_is_missing() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        jdbc().execute("DROP TABLE usage_records");

        // when
        recorder.record(usage("lost-1", "sim", "sim-small", 1, 1, 1));
        recorder.record(usage("lost-2", "sim", "sim-small", 1, 1, 1));
        recorder.flush();

        // then
        assertThat(recorder.stats().failures()).isEqualTo(2);
        assertThat(recorder.stats().written()).isZero();
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void should_clip_long_labels_when_they_exceed_their_column() {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.start();
        String longTenant = "t".repeat(300);

        // when
        recorder.record(usage("clip", "sim", "sim-small", 1, 1, 1).toBuilder().tenant(longTenant).build());
        recorder.flush();

        // then
        assertThat(jdbc().queryForObject("SELECT tenant FROM usage_records", String.class)).hasSize(255);
    }

    @Test
    void should_serialise_snake_case_json_with_dollar_amounts_when_a_summary_is_written() throws Exception {
        // given
        MeteringRecorder recorder = newRecorder(MeteringProperties.defaults());
        recorder.start();
        recordSummaryFixture(recorder);
        UsageSummary summary = new UsageSummaryService(jdbc()).summary(T0, null);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        // when
        JsonNode json = mapper.readTree(mapper.writeValueAsString(summary));

        // then
        assertThat(json.get("from").asText()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(json.get("to").isNull()).isTrue();
        JsonNode totals = json.get("totals");
        assertThat(totals.get("requests").asLong()).isEqualTo(5);
        assertThat(totals.get("ok").asLong()).isEqualTo(3);
        assertThat(totals.get("errors").asLong()).isEqualTo(2);
        assertThat(totals.get("input_tokens").asLong()).isEqualTo(315);
        assertThat(totals.get("output_tokens").asLong()).isEqualTo(155);
        assertThat(totals.get("cost_micros").asLong()).isEqualTo(6_000);
        assertThat(totals.get("cost_usd").decimalValue()).isEqualByComparingTo("0.006");
        assertThat(mapper.writeValueAsString(summary.totals())).contains("\"cost_usd\":0.006000");
        JsonNode first = json.get("by_model").get(0);
        assertThat(first.get("provider").asText()).isEqualTo("anthropic");
        assertThat(first.get("model").asText()).isEqualTo("claude-haiku");
        assertThat(first.get("avg_latency_ms").asLong()).isEqualTo(200);
        assertThat(first.get("cost_usd").decimalValue()).isEqualByComparingTo("0.005");
        assertThat(first.fieldNames()).toIterable().containsExactly("provider", "model", "requests", "errors",
                "input_tokens", "output_tokens", "cost_micros", "cost_usd", "avg_latency_ms");
        assertThat(json.get("by_model").get(3).get("provider").isNull()).isTrue();
    }

    @Test
    void should_apply_defaults_when_properties_are_zero_or_null() {
        // when
        MeteringProperties properties = new MeteringProperties(0, null, 0);

        // then
        assertThat(properties.batchSize()).isEqualTo(200);
        assertThat(properties.flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(properties.queueCapacity()).isEqualTo(100_000);
    }

    @Test
    void should_reject_the_record_when_the_request_id_is_blank_or_too_long() {
        // when / then
        assertThatThrownBy(() -> UsageRecord.builder(" ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsageRecord.builder("x".repeat(65)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsageRecord.builder("neg").inputTokens(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
