package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.gateway.Caller;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredBudgetsTest {

    private static BudgetProperties.Limit limit(BudgetScope scope, String name, BudgetPeriod period, long tokens) {
        return new BudgetProperties.Limit(scope, name, period, tokens, null, false);
    }

    @Test
    void should_apply_no_budget_when_none_is_declared() {
        // given
        ConfiguredBudgets budgets = new ConfiguredBudgets(BudgetProperties.defaults());

        // when / then
        assertThat(budgets.isEmpty()).isTrue();
        assertThat(budgets.budgetsFor(new BudgetSubject("k", "u", "t", "task"))).isEmpty();
    }

    @Test
    void should_apply_every_matching_scope_when_the_caller_is_known() {
        // given
        ConfiguredBudgets budgets = new ConfiguredBudgets(BudgetProperties.of(List.of(
                limit(BudgetScope.KEY, "key_1", BudgetPeriod.DAY, 10),
                limit(BudgetScope.USER, "alice", BudgetPeriod.DAY, 20),
                limit(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, 30),
                limit(BudgetScope.TASK, "flashcards", BudgetPeriod.DAY, 40),
                limit(BudgetScope.TENANT, "other", BudgetPeriod.MONTH, 50))));

        // when
        List<Budget> applied = budgets.budgetsFor(BudgetSubject.of(new Caller("acme", "alice", "svc", "key_1"),
                "flashcards"));

        // then
        assertThat(applied).extracting(Budget::scope, Budget::name, b -> b.limit().maxTokens()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(BudgetScope.KEY, "key_1", 10L),
                org.assertj.core.groups.Tuple.tuple(BudgetScope.USER, "alice", 20L),
                org.assertj.core.groups.Tuple.tuple(BudgetScope.TENANT, "acme", 30L),
                org.assertj.core.groups.Tuple.tuple(BudgetScope.TASK, "flashcards", 40L));
    }

    @Test
    void should_give_each_name_its_own_budget_when_declared_for_every_name() {
        // given
        ConfiguredBudgets budgets = new ConfiguredBudgets(BudgetProperties.of(List.of(
                limit(BudgetScope.TENANT, "*", BudgetPeriod.DAY, 100),
                limit(BudgetScope.TENANT, "*", BudgetPeriod.MONTH, 1_000),
                limit(BudgetScope.TENANT, "vip", BudgetPeriod.DAY, 500))));

        // when
        List<Budget> forAcme = budgets.budgetsFor(new BudgetSubject(null, null, "acme", null));
        List<Budget> forVip = budgets.budgetsFor(new BudgetSubject(null, null, "vip", null));

        // then: the named one replaces "*" for its period only
        assertThat(forAcme).containsExactlyInAnyOrder(
                new Budget(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, BudgetLimit.tokens(100)),
                new Budget(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, BudgetLimit.tokens(1_000)));
        assertThat(forVip).containsExactlyInAnyOrder(
                new Budget(BudgetScope.TENANT, "vip", BudgetPeriod.DAY, BudgetLimit.tokens(500)),
                new Budget(BudgetScope.TENANT, "vip", BudgetPeriod.MONTH, BudgetLimit.tokens(1_000)));
    }

    @Test
    void should_skip_unknown_scopes_when_the_caller_is_anonymous() {
        // given
        ConfiguredBudgets budgets = new ConfiguredBudgets(BudgetProperties.of(List.of(
                limit(BudgetScope.TENANT, "*", BudgetPeriod.DAY, 100),
                limit(BudgetScope.TASK, "*", BudgetPeriod.DAY, 100))));

        // when / then
        assertThat(budgets.budgetsFor(BudgetSubject.of(Caller.anonymous(), null))).isEmpty();
        assertThat(budgets.budgetsFor(BudgetSubject.of(null, "summaries"))).containsExactly(
                new Budget(BudgetScope.TASK, "summaries", BudgetPeriod.DAY, BudgetLimit.tokens(100)));
    }

    @Test
    void should_cut_the_counter_name_when_a_caller_supplied_name_is_too_long() {
        // given
        ConfiguredBudgets budgets = new ConfiguredBudgets(BudgetProperties.of(List.of(
                limit(BudgetScope.TASK, "*", BudgetPeriod.DAY, 100))));

        // when
        List<Budget> applied = budgets.budgetsFor(new BudgetSubject(null, null, null, "t".repeat(300)));

        // then
        assertThat(applied).singleElement().extracting(Budget::name).isEqualTo("t".repeat(255));
    }
}
