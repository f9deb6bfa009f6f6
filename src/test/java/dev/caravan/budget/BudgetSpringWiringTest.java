package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The budget beans in a minimal Spring context: binding, the default of no budgets, alert sinks, expiry. */
class BudgetSpringWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
            .withUserConfiguration(BudgetConfiguration.class)
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:budget_wiring_"
                    + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");

    @Test
    void should_apply_no_budget_when_none_is_configured_or_stored() {
        runner.run(context -> {
            // given
            assertThat(context).hasNotFailed();
            BudgetService service = context.getBean(BudgetService.class);

            // when
            ReserveOutcome outcome = service.reserve("req_1", new BudgetSubject("k", "u", "t", "task"),
                    new BudgetAmount(100, 10));

            // then
            assertThat(outcome.orThrow().isEmpty()).isTrue();
            assertThat(context.getBean(LayeredBudgets.class).isEmpty()).isTrue();
            // runs (the admin API may add budgets), skipping the database while none exists
            assertThat(context.getBean(BudgetExpiry.class).isRunning()).isTrue();
            assertThat(context.getBean(BudgetEstimator.class)).isNotNull();
        });
    }

    @Test
    void should_enforce_configured_budgets_and_alert_every_sink_when_budgets_are_declared() {
        List<BudgetAlert> received = new CopyOnWriteArrayList<>();
        runner.withPropertyValues(
                        "caravan.budgets.limits[0].scope=tenant",
                        "caravan.budgets.limits[0].name=*",
                        "caravan.budgets.limits[0].period=day",
                        "caravan.budgets.limits[0].max-tokens=100",
                        "caravan.budgets.expiry-interval=1h")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("testAlertSink", AlertSink.class, () -> received::add)
                .run(context -> {
                    // given
                    assertThat(context).hasNotFailed();
                    BudgetService service = context.getBean(BudgetService.class);
                    BudgetSubject acme = new BudgetSubject(null, null, "acme", null);

                    // when
                    Reservation first = service.reserve("req_1", acme, new BudgetAmount(90, 0)).orThrow();
                    ReserveOutcome second = service.reserve("req_2", acme, new BudgetAmount(90, 0));
                    service.settle(first, new BudgetAmount(96, 0));

                    // then
                    assertThat(first.charges()).singleElement().extracting(c -> c.budget().name()).isEqualTo("acme");
                    assertThat(second).isInstanceOf(BudgetRefusal.class);
                    assertThat(received).extracting(BudgetAlert::thresholdPercent).containsExactly(80, 95);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("caravan.budget.alerts").tag("threshold", "95").counter().count())
                            .isEqualTo(1.0);
                    assertThat(registry.get("caravan.budget.reservations").tag("outcome", "refused").counter()
                            .count()).isEqualTo(1.0);
                    assertThat(registry.get("caravan.budget.refusals").tag("scope", "tenant").counter().count())
                            .isEqualTo(1.0);
                    assertThat(context.getBean(BudgetExpiry.class).isRunning()).isTrue();
                });
    }

    @Test
    void should_fail_start_up_with_the_entry_named_when_a_budget_is_invalid() {
        runner.withPropertyValues("caravan.budgets.limits[0].scope=tenant", "caravan.budgets.limits[0].name=acme",
                        "caravan.budgets.limits[0].period=week", "caravan.budgets.limits[0].max-tokens=1")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("caravan.budgets.limits[0].scope=tenant", "caravan.budgets.limits[0].name=acme",
                        "caravan.budgets.limits[0].period=day")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessage("caravan.budgets.limits[0] needs max-tokens, max-cost-micros or both"));
    }
}
