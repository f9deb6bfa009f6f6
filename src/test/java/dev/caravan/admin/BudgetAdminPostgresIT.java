package dev.caravan.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.admin.BudgetAdminAcrossInstancesTest.Instance;
import dev.caravan.budget.BudgetAmount;
import dev.caravan.budget.BudgetRefusal;
import dev.caravan.budget.Reservation;
import dev.caravan.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code budget_limits} and the budget admin's SQL on a real PostgreSQL, with two instances sharing it. */
class BudgetAdminPostgresIT {

    private final TestPostgres postgres = TestPostgres.migrated("admin_budgets");
    private final HikariDataSource pool = postgres.pool(4);
    private final Instance here = new Instance(pool);
    private final Instance there = new Instance(pool);

    @AfterEach
    void close() {
        here.close();
        there.close();
        pool.close();
        postgres.dropSchema();
    }

    @Test
    void should_store_replace_and_delete_budgets_and_apply_each_change_on_the_other_instance() {
        // given: stored with one dimension null, then replaced with the other
        here.admin.put(new BudgetRequest("tenant", "globex", "day", 10L, null, null));
        here.admin.put(new BudgetRequest("tenant", "globex", "day", null, 5L, false));
        here.admin.put(new BudgetRequest("user", "globex/alice", "month", 7L, 9L, true));

        // when
        assertThat(there.poll()).isEqualTo(3);

        // then
        assertThat(there.globex()).singleElement().satisfies(b -> {
            assertThat(b.limit().maxTokens()).isNull();
            assertThat(b.limit().maxCostMicros()).isEqualTo(5L);
        });
        assertThat(there.service.reserve("req_1", BudgetAdminAcrossInstancesTest.GLOBEX, new BudgetAmount(1_000, 5)))
                .isInstanceOf(Reservation.class);
        assertThat(there.service.reserve("req_2", BudgetAdminAcrossInstancesTest.GLOBEX, new BudgetAmount(1, 1)))
                .isInstanceOf(BudgetRefusal.class);
        assertThat(there.admin.list()).extracting(BudgetView::scope, BudgetView::name, BudgetView::soft)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "globex/alice", true),
                        org.assertj.core.groups.Tuple.tuple("tenant", "globex", false));
        assertThat(there.admin.list().get(1).usage().reservedCostMicros()).isEqualTo(5);

        // when: deleted
        here.admin.delete("user", "globex/alice", "month");
        here.admin.delete("tenant", "globex", "day");
        there.poll();

        // then
        assertThat(there.admin.list()).isEmpty();
        assertThat(there.globex()).isEmpty();
    }
}
