package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestH2;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code budget_limits} (V11) through {@link BudgetLimitStore}, on H2. */
class BudgetLimitStoreTest {

    static final Instant T0 = Instant.parse("2025-03-14T12:00:00Z");

    private final HikariDataSource db = TestH2.migrated("budget_limits");
    private final TestClock clock = new TestClock(T0);
    private final BudgetLimitStore store = new BudgetLimitStore(db, clock);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void should_create_then_replace_the_budget_of_one_scope_name_and_period_when_saved_twice() {
        // given
        BudgetLimitStore.Saved first = store.save(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH,
                new BudgetLimit(1_000L, null, false));

        // when
        clock.advance(Duration.ofMinutes(5));
        BudgetLimitStore.Saved second = store.save(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH,
                new BudgetLimit(null, 500L, true));

        // then
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(store.all()).singleElement().satisfies(stored -> {
            assertThat(stored.limit()).isEqualTo(new BudgetLimit(null, 500L, true));
            assertThat(stored.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        });
        assertThat(second.budget()).isEqualTo(store.find(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH).orElseThrow());
    }

    @Test
    void should_keep_budgets_apart_by_scope_name_and_period_and_list_them_in_order() {
        // given
        store.save(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, BudgetLimit.tokens(1));
        store.save(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, BudgetLimit.tokens(2));
        store.save(BudgetScope.USER, "acme/alice", BudgetPeriod.DAY, BudgetLimit.costMicros(3));
        store.save(BudgetScope.KEY, "*", BudgetPeriod.DAY, BudgetLimit.tokens(4));

        // when / then
        assertThat(store.all()).extracting(StoredBudget::scope, StoredBudget::name, StoredBudget::period,
                s -> s.limit().maxTokens(), s -> s.limit().maxCostMicros()).containsExactly(
                tuple(BudgetScope.KEY, "*", BudgetPeriod.DAY, 4L, null),
                tuple(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, 2L, null),
                tuple(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, 1L, null),
                tuple(BudgetScope.USER, "acme/alice", BudgetPeriod.DAY, null, 3L));
        assertThat(store.find(BudgetScope.TENANT, "other", BudgetPeriod.DAY)).isEmpty();
    }

    @Test
    void should_delete_only_the_named_budget_and_say_whether_there_was_one() {
        // given
        store.save(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, BudgetLimit.tokens(1));
        store.save(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, BudgetLimit.tokens(2));

        // when / then
        assertThat(store.delete(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH)).isTrue();
        assertThat(store.delete(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH)).isFalse();
        assertThat(store.all()).extracting(StoredBudget::period).containsExactly(BudgetPeriod.DAY);
    }

    @Test
    void should_refuse_a_row_without_any_limit_or_with_a_negative_one_when_written_around_the_store() {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        String insert = "INSERT INTO budget_limits (scope, name, period, max_tokens, max_cost_micros, soft, updated_at)"
                + " VALUES ('tenant', 'acme', 'day', ?, ?, FALSE, CURRENT_TIMESTAMP)";

        assertThatThrownBy(() -> jdbc.update(insert, null, null)).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.update(insert, -1L, null)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(store.all()).isEmpty();
    }
}
