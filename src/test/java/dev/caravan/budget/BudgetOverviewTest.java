package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestH2;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetOverviewTest {

    static final Instant NOW = Instant.parse("2025-03-14T12:00:00Z");
    static final BudgetSubject ALICE = new BudgetSubject("key_1", "alice", "acme", "quiz");
    static final BudgetSubject GLOBEX = new BudgetSubject("key_9", null, "globex", null);

    final TestClock clock = new TestClock(NOW);
    HikariDataSource dataSource;
    BudgetProperties properties;
    ConfiguredBudgets source;
    BudgetLedger ledger;
    BudgetOverview overview;

    @BeforeEach
    void setUp() {
        dataSource = TestH2.migrated("budget_overview");
        properties = BudgetProperties.of(List.of(
                limit(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, 1000L, null, false),
                limit(BudgetScope.TENANT, "idle", BudgetPeriod.MONTH, 10L, null, false),
                limit(BudgetScope.TENANT, "*", BudgetPeriod.DAY, null, 500L, true),
                limit(BudgetScope.KEY, "*", BudgetPeriod.DAY, 100L, null, false),
                limit(BudgetScope.USER, "alice", BudgetPeriod.MONTH, 5000L, null, false),
                limit(BudgetScope.TASK, "quiz", BudgetPeriod.DAY, 1000L, null, false)));
        source = new ConfiguredBudgets(properties);
        ledger = new BudgetLedger(dataSource, Duration.ofMinutes(10), List.of(80, 95, 100), alert -> { }, clock);
        overview = new BudgetOverview(source, ledger, clock);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    static BudgetProperties.Limit limit(BudgetScope scope, String name, BudgetPeriod period, Long tokens, Long cost,
            boolean soft) {
        return new BudgetProperties.Limit(scope, name, period, tokens, cost, soft);
    }

    /** Reserves {@code estimate} for the subject and settles {@code actual}; then holds {@code held} in flight. */
    void spend(BudgetSubject subject, BudgetAmount estimate, BudgetAmount actual, BudgetAmount held) {
        Reservation settled = ledger.reserve("req-" + System.nanoTime(),
                BudgetCharge.all(source.budgetsFor(subject), estimate), NOW).orThrow();
        assertThat(ledger.settle(settled, actual)).isTrue();
        if (held != null) {
            ledger.reserve("req-" + System.nanoTime(), BudgetCharge.all(source.budgetsFor(subject), held), NOW)
                    .orThrow();
        }
    }

    @Test
    void should_list_declared_budgets_and_every_charged_counter_with_use_against_limits_when_all_are_asked() {
        spend(ALICE, new BudgetAmount(40, 100), new BudgetAmount(30, 80), new BudgetAmount(20, 10));
        spend(GLOBEX, new BudgetAmount(5, 5), new BudgetAmount(5, 5), null);

        List<BudgetStatus> all = overview.all();

        assertThat(all).extracting(BudgetStatus::scope, BudgetStatus::name, BudgetStatus::period).containsExactly(
                tuple("key", "key_1", "day"),
                tuple("key", "key_9", "day"),
                tuple("user", "alice", "month"),
                tuple("tenant", "acme", "day"),
                tuple("tenant", "acme", "month"),
                tuple("tenant", "globex", "day"),
                tuple("tenant", "idle", "month"),
                tuple("task", "quiz", "day"));
        BudgetStatus acmeMonth = find(all, "tenant", "acme", "month");
        assertThat(acmeMonth.tokens()).isEqualTo(new BudgetStatus.Amounts(1000L, 30, 20, 950L, new BigDecimal("3.0")));
        assertThat(acmeMonth.costMicros()).isEqualTo(new BudgetStatus.Amounts(null, 80, 10, null, null));
        assertThat(acmeMonth.percentUsed()).isEqualByComparingTo("3.0");
        assertThat(acmeMonth.periodStart()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(acmeMonth.periodEnd()).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
        assertThat(acmeMonth.soft()).isFalse();
        assertThat(acmeMonth.configured()).isTrue();
        BudgetStatus acmeDay = find(all, "tenant", "acme", "day");
        assertThat(acmeDay.soft()).isTrue();
        assertThat(acmeDay.costMicros()).isEqualTo(new BudgetStatus.Amounts(500L, 80, 10, 410L, new BigDecimal("16.0")));
        assertThat(acmeDay.periodStart()).isEqualTo(Instant.parse("2025-03-14T00:00:00Z"));
        assertThat(acmeDay.periodEnd()).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
        BudgetStatus idle = find(all, "tenant", "idle", "month");
        assertThat(idle.tokens()).isEqualTo(new BudgetStatus.Amounts(10L, 0, 0, 10L, new BigDecimal("0.0")));
        assertThat(idle.alertedPercent()).isZero();
        BudgetStatus key = find(all, "key", "key_1", "day");
        assertThat(key.tokens().percentUsed()).isEqualByComparingTo("30.0");
        assertThat(key.tokens().remaining()).isEqualTo(50L);
    }

    @Test
    void should_show_a_counter_of_a_budget_no_longer_declared_with_the_limits_it_last_had() {
        Budget removed = new Budget(BudgetScope.USER, "bob", BudgetPeriod.MONTH, BudgetLimit.tokens(200));
        Reservation r = ledger.reserve("req-bob", List.of(new BudgetCharge(removed, new BudgetAmount(10, 1))), NOW)
                .orThrow();
        ledger.settle(r, new BudgetAmount(170, 1));

        BudgetStatus bob = find(overview.all(), "user", "bob", "month");

        assertThat(bob.configured()).isFalse();
        assertThat(bob.tokens()).isEqualTo(new BudgetStatus.Amounts(200L, 170, 0, 30L, new BigDecimal("85.0")));
        assertThat(bob.alertedPercent()).isEqualTo(80);
    }

    @Test
    void should_list_only_the_budgets_charging_the_subjects_without_task_budgets_when_subjects_are_given() {
        spend(ALICE, new BudgetAmount(40, 100), new BudgetAmount(30, 80), null);
        spend(GLOBEX, new BudgetAmount(5, 5), new BudgetAmount(5, 5), null);

        List<BudgetStatus> acme = overview.of(List.of(new BudgetSubject(null, null, "acme", null),
                new BudgetSubject("key_1", "alice", "acme", null), new BudgetSubject("key_2", null, "acme", null)));

        assertThat(acme).extracting(BudgetStatus::scope, BudgetStatus::name, BudgetStatus::period).containsExactly(
                tuple("key", "key_1", "day"),
                tuple("key", "key_2", "day"),
                tuple("user", "alice", "month"),
                tuple("tenant", "acme", "day"),
                tuple("tenant", "acme", "month"));
        assertThat(find(acme, "key", "key_1", "day").tokens().used()).isEqualTo(30);
        assertThat(find(acme, "key", "key_2", "day").tokens().used()).isZero();
        assertThat(find(acme, "tenant", "acme", "month").tokens().used()).isEqualTo(30);
    }

    @Test
    void should_count_a_limit_of_zero_as_fully_used_and_never_show_negative_remaining() {
        assertThat(BudgetStatus.Amounts.of(0L, 0, 0).percentUsed()).isEqualByComparingTo("100.0");
        assertThat(BudgetStatus.Amounts.of(100L, 130, 5).remaining()).isZero();
        assertThat(BudgetStatus.Amounts.of(100L, 130, 5).percentUsed()).isEqualByComparingTo("130.0");
        assertThat(BudgetStatus.Amounts.of(3L, 1, 0).percentUsed()).isEqualByComparingTo("33.3");
    }

    private static BudgetStatus find(List<BudgetStatus> statuses, String scope, String name, String period) {
        return statuses.stream().filter(s -> s.scope().equals(scope) && s.name().equals(name)
                && s.period().equals(period)).findFirst().orElseThrow(() -> new AssertionError(
                        "no " + period + " budget of " + scope + " " + name + " in " + statuses));
    }
}
