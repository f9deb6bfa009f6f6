package dev.caravan.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/** The metering beans in a minimal Spring context: binding, lifecycle and the migration. */
class MeteringSpringWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class))
            .withUserConfiguration(MeteringConfiguration.class, MeteringRecorder.class, UsageSummaryService.class)
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:wiring_"
                    + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");

    @Test
    void should_bind_properties_and_start_the_writer_when_the_context_starts() {
        runner.withPropertyValues("caravan.metering.batch-size=25", "caravan.metering.flush-interval=50ms")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    // given
                    assertThat(context).hasNotFailed();
                    MeteringProperties properties = context.getBean(MeteringProperties.class);
                    MeteringRecorder recorder = context.getBean(MeteringRecorder.class);

                    // when
                    recorder.record(MeteringStoreContract.usage("wired-1", "sim", "sim-small", 3, 4, 5));
                    recorder.flush();

                    // then
                    assertThat(properties.batchSize()).isEqualTo(25);
                    assertThat(properties.flushInterval()).isEqualTo(Duration.ofMillis(50));
                    assertThat(properties.queueCapacity()).isEqualTo(100_000);
                    assertThat(recorder.isRunning()).isTrue();
                    assertThat(context.getBean(UsageSummaryService.class).summary(null, null).totals().costMicros())
                            .isEqualTo(5);
                    assertThat(context.getBean(MeterRegistry.class).get("caravan.metering.records.written")
                            .functionCounter().count()).isEqualTo(1.0);
                });
    }

    @Test
    void should_write_queued_records_when_the_context_closes() {
        runner.run(context -> {
            // given
            MeteringRecorder recorder = context.getBean(MeteringRecorder.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            for (int i = 0; i < 10; i++) {
                recorder.record(MeteringStoreContract.usage("close-" + i, "sim", "sim-small", 1, 1, 1));
            }

            // when
            context.stop();

            // then
            assertThat(recorder.isRunning()).isFalse();
            assertThat(recorder.pending()).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM usage_records", Long.class)).isEqualTo(10);
        });
    }
}
