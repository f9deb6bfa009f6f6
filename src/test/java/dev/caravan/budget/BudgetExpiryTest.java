package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestH2;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The periodic expiry job against H2: what one run releases, purges and counts. */
class BudgetExpiryTest {

    private static final Instant T0 = Instant.parse("2025-03-14T12:00:00Z");

    private final HikariDataSource dataSource = TestH2.migrated("budget_expiry");
    private final TestClock clock = new TestClock(T0);
    private final BudgetProperties properties = new BudgetProperties(List.of(new BudgetProperties.Limit(
            BudgetScope.KEY, "*", BudgetPeriod.DAY, 1_000L, null, false)), Duration.ofMinutes(10), null,
            Duration.ofHours(1), null, 0);
    private final BudgetLedger ledger = new BudgetLedger(dataSource, properties, null, clock);

    @AfterEach
    void close() {
        new JdbcTemplate(dataSource).execute("SHUTDOWN");
        dataSource.close();
    }

    @Test
    void should_release_abandoned_reservations_and_purge_old_ones_when_it_runs() {
        // given: one finished two hours ago, one abandoned, one still in flight
        Budget budget = new Budget(BudgetScope.KEY, "key_1", BudgetPeriod.DAY, BudgetLimit.tokens(1_000));
        BudgetAmount estimate = new BudgetAmount(100, 0);
        ledger.release(ledger.reserve("req_old", BudgetCharge.all(List.of(budget), estimate), T0).orThrow());
        clock.advance(Duration.ofHours(2));
        Instant now = clock.instant();
        ledger.reserve("req_abandoned", BudgetCharge.all(List.of(budget), estimate), now.minus(Duration.ofMinutes(11)))
                .orThrow();
        ledger.reserve("req_running", BudgetCharge.all(List.of(budget), estimate), now.minus(Duration.ofMinutes(1)))
                .orThrow();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BudgetExpiry expiry = new BudgetExpiry(ledger, properties, clock, registry);

        // when
        int released = expiry.runOnce();

        // then
        assertThat(released).isEqualTo(1);
        assertThat(registry.get("caravan.budget.expired").counter().count()).isEqualTo(1.0);
        assertThat(ledger.counter(budget, now).orElseThrow().reserved().tokens()).isEqualTo(100);
        assertThat(new JdbcTemplate(dataSource).queryForList("SELECT request_id FROM budget_reservations"
                + " ORDER BY request_id", String.class)).containsExactly("req_abandoned", "req_running");
    }

    @Test
    void should_skip_the_database_while_no_budget_exists_and_expire_once_one_does() {
        // given: an abandoned reservation, and no budget (the last one was deleted through the admin API)
        Budget budget = new Budget(BudgetScope.KEY, "key_1", BudgetPeriod.DAY, BudgetLimit.tokens(1_000));
        ledger.reserve("req_abandoned", BudgetCharge.all(List.of(budget), new BudgetAmount(100, 0)), T0).orThrow();
        clock.advance(Duration.ofHours(1));
        AtomicBoolean anyBudget = new AtomicBoolean();
        BudgetExpiry expiry = new BudgetExpiry(ledger, BudgetProperties.defaults(), anyBudget::get, clock, null);

        // when / then
        expiry.tick();
        assertThat(ledger.counter(budget, T0).orElseThrow().reserved().tokens()).isEqualTo(100);
        anyBudget.set(true);
        expiry.tick();
        assertThat(ledger.counter(budget, T0).orElseThrow().reserved().tokens()).isZero();
    }

    @Test
    void should_run_until_stopped_whether_or_not_budgets_are_declared_when_started() {
        // given: budgets may be added through the admin API at any time
        BudgetExpiry without = new BudgetExpiry(ledger, BudgetProperties.defaults(), clock, null);

        // when
        without.start();

        // then
        assertThat(without.isRunning()).isTrue();
        without.stop();
        assertThat(without.isRunning()).isFalse();
    }
}
