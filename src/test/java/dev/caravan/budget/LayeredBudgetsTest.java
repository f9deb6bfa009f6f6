package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.budget.LayeredBudgets.Source;
import dev.caravan.support.TestH2;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The configured budgets with the stored ones laid over them: precedence, snapshots, reloads. */
class LayeredBudgetsTest {

    static final Instant T0 = Instant.parse("2025-03-14T12:00:00Z");
    static final BudgetSubject ACME = new BudgetSubject("key_1", "acme/alice", "acme", null);

    private final HikariDataSource db = TestH2.migrated("layered_budgets");
    private final TestClock clock = new TestClock(T0);
    private final BudgetLimitStore store = new BudgetLimitStore(db, clock);
    private final BudgetProperties configured = BudgetProperties.of(List.of(
            limit(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, 1_000),
            limit(BudgetScope.TENANT, "*", BudgetPeriod.DAY, 100),
            limit(BudgetScope.KEY, "*", BudgetPeriod.DAY, 50)));
    private final LayeredBudgets budgets = new LayeredBudgets(configured, store);

    @AfterEach
    void close() {
        db.close();
    }

    static BudgetProperties.Limit limit(BudgetScope scope, String name, BudgetPeriod period, long tokens) {
        return new BudgetProperties.Limit(scope, name, period, tokens, null, false);
    }

    static List<String> applied(List<Budget> budgets) {
        return budgets.stream().map(b -> b.scope().id() + "/" + b.name() + "/" + b.period().id() + "="
                + b.limit().maxTokens() + (b.limit().soft() ? " soft" : "")).toList();
    }

    @Test
    void should_serve_the_configured_budgets_alone_when_nothing_is_stored() {
        budgets.reload();

        assertThat(applied(budgets.budgetsFor(ACME)))
                .isEqualTo(applied(new ConfiguredBudgets(configured).budgetsFor(ACME)))
                .containsExactly("key/key_1/day=50", "tenant/acme/month=1000", "tenant/acme/day=100");
        assertThat(budgets.entries()).extracting(LayeredBudgets.Entry::source).containsOnly(Source.CONFIGURED);
    }

    @Test
    void should_replace_the_configured_budget_of_the_same_scope_name_and_period_when_one_is_stored() {
        // given
        store.save(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, BudgetLimit.tokens(5).asSoft());

        // when
        budgets.reload();

        // then
        assertThat(applied(budgets.budgetsFor(ACME)))
                .containsExactly("key/key_1/day=50", "tenant/acme/month=5 soft", "tenant/acme/day=100");
        LayeredBudgets.Entry entry = budgets.entries().stream()
                .filter(e -> e.scope() == BudgetScope.TENANT && e.name().equals("acme")).findFirst().orElseThrow();
        assertThat(entry.source()).isEqualTo(Source.STORED);
        assertThat(entry.updatedAt()).isEqualTo(T0);
        assertThat(entry.configured()).isEqualTo(BudgetLimit.tokens(1_000));
        assertThat(budgets.entries()).hasSize(3);
    }

    @Test
    void should_let_a_name_beat_the_star_whatever_the_source_when_both_apply() {
        // given: a stored name over a configured "*", and a stored "*" under a configured name
        store.save(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, BudgetLimit.tokens(7));
        store.save(BudgetScope.TENANT, "*", BudgetPeriod.MONTH, BudgetLimit.tokens(9));
        store.save(BudgetScope.USER, "*", BudgetPeriod.DAY, BudgetLimit.tokens(3));

        // when
        budgets.reload();

        // then
        assertThat(applied(budgets.budgetsFor(ACME))).containsExactly("key/key_1/day=50", "user/acme/alice/day=3",
                "tenant/acme/day=7", "tenant/acme/month=1000");
        assertThat(applied(budgets.budgetsFor(new BudgetSubject(null, null, "globex", null))))
                .containsExactly("tenant/globex/day=100", "tenant/globex/month=9");
    }

    @Test
    void should_apply_the_configured_budget_again_when_the_stored_one_is_deleted_and_reloaded() {
        // given
        store.save(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, BudgetLimit.tokens(5));
        store.save(BudgetScope.TASK, "quiz", BudgetPeriod.DAY, BudgetLimit.tokens(8));
        budgets.reload();
        List<Budget> before = budgets.budgetsFor(ACME);

        // when
        store.delete(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH);
        store.delete(BudgetScope.TASK, "quiz", BudgetPeriod.DAY);
        List<Budget> notReloaded = budgets.budgetsFor(ACME);
        budgets.reload();

        // then
        assertThat(applied(before)).contains("tenant/acme/month=5");
        assertThat(notReloaded).as("served from the snapshot until reloaded").isEqualTo(before);
        assertThat(applied(budgets.budgetsFor(ACME))).contains("tenant/acme/month=1000");
        assertThat(budgets.budgetsFor(new BudgetSubject(null, null, null, "quiz"))).isEmpty();
    }

    @Test
    void should_keep_the_last_snapshot_when_the_table_cannot_be_read() {
        // given
        store.save(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, BudgetLimit.tokens(5));
        budgets.reload();

        // when
        db.close();

        // then
        assertThatThrownBy(budgets::reload).isInstanceOf(RuntimeException.class);
        assertThat(applied(budgets.budgetsFor(ACME))).contains("tenant/acme/month=5");
    }

    @Test
    void should_list_stored_budgets_in_the_budget_overview_before_they_are_charged() {
        // given
        store.save(BudgetScope.TENANT, "fresh", BudgetPeriod.DAY, BudgetLimit.tokens(42));
        budgets.reload();
        BudgetLedger ledger = new BudgetLedger(db, Duration.ofMinutes(10), List.of(80, 95, 100), null, clock);

        // when
        List<BudgetStatus> all = new BudgetOverview(budgets, ledger, clock).all();

        // then
        assertThat(all).extracting(BudgetStatus::scope, BudgetStatus::name, BudgetStatus::period,
                s -> s.tokens().limit(), BudgetStatus::configured).containsExactly(
                tuple("tenant", "acme", "month", 1_000L, true),
                tuple("tenant", "fresh", "day", 42L, true));
    }
}
