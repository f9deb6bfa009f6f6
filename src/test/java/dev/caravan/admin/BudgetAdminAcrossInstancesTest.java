package dev.caravan.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.budget.Budget;
import dev.caravan.budget.BudgetAmount;
import dev.caravan.budget.BudgetLedger;
import dev.caravan.budget.BudgetLimitStore;
import dev.caravan.budget.BudgetProperties;
import dev.caravan.budget.BudgetRefusal;
import dev.caravan.budget.BudgetService;
import dev.caravan.budget.BudgetSubject;
import dev.caravan.budget.LayeredBudgets;
import dev.caravan.budget.Reservation;
import dev.caravan.support.TestH2;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database, each with its own change feed, budget source and ledger: a budget
 * set or deleted through one instance's admin API applies there at once and on the other at its
 * next change-feed poll, with nothing but the database between them.
 */
class BudgetAdminAcrossInstancesTest {

    static final BudgetSubject GLOBEX = new BudgetSubject(null, null, "globex", null);

    /** One gateway instance's budget beans, as BudgetConfiguration and BudgetAdminConfiguration wire them. */
    static final class Instance implements AutoCloseable {
        final ChangeFeed feed;
        final LayeredBudgets budgets;
        final BudgetAdmin admin;
        final BudgetService service;
        final ModelAdminSync sync;

        Instance(HikariDataSource db) {
            Clock clock = Clock.systemUTC();
            feed = new ChangeFeed(db, Duration.ofSeconds(1), Duration.ofDays(1), clock);
            BudgetLimitStore store = new BudgetLimitStore(db, clock);
            budgets = new LayeredBudgets(BudgetProperties.defaults(), store);
            BudgetLedger ledger = new BudgetLedger(db, BudgetProperties.defaults(), null, clock);
            admin = new BudgetAdmin(budgets, store, ledger, feed, clock);
            service = new BudgetService(budgets, ledger, clock, null);
            sync = new ModelAdminSync(feed, Map.of(AdminConfiguration.BUDGETS, admin::reload), null, true);
            sync.start(); // loads what is stored
            poll(); // the first poll only marks where this instance starts reading
        }

        int poll() {
            try {
                return feed.poll();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        List<Budget> globex() {
            return budgets.budgetsFor(GLOBEX);
        }

        @Override
        public void close() {
            sync.close();
            feed.close();
        }
    }

    private final HikariDataSource db = TestH2.migrated("budget_instances");
    private final Instance here = new Instance(db);
    private final Instance there = new Instance(db);

    @AfterEach
    void close() {
        here.close();
        there.close();
        db.close();
    }

    @Test
    void should_apply_a_budget_on_the_other_instance_at_its_next_poll_and_enforce_it_there() {
        // when
        here.admin.put(new BudgetRequest("tenant", "globex", "day", 10L, null, null));

        // then
        assertThat(here.globex()).singleElement().satisfies(b -> assertThat(b.limit().maxTokens()).isEqualTo(10L));
        assertThat(there.globex()).as("not polled yet").isEmpty();
        assertThat(there.poll()).isEqualTo(1);
        assertThat(there.globex()).singleElement().satisfies(b -> assertThat(b.limit().maxTokens()).isEqualTo(10L));
        assertThat(there.service.reserve("req_1", GLOBEX, new BudgetAmount(11, 0))).isInstanceOf(BudgetRefusal.class);
        assertThat(there.service.reserve("req_2", GLOBEX, new BudgetAmount(10, 0))).isInstanceOf(Reservation.class);
    }

    @Test
    void should_raise_and_then_remove_a_budget_on_the_other_instance_at_its_next_polls() {
        // given: the other instance has used the whole budget
        here.admin.put(new BudgetRequest("tenant", "globex", "day", 10L, null, null));
        there.poll();
        Reservation used = there.service.reserve("req_1", GLOBEX, new BudgetAmount(10, 0)).orThrow();
        there.service.settle(used, new BudgetAmount(10, 0));
        assertThat(there.service.reserve("req_2", GLOBEX, new BudgetAmount(1, 0))).isInstanceOf(BudgetRefusal.class);

        // when / then: raised
        here.admin.put(new BudgetRequest("tenant", "globex", "day", 100L, null, null));
        there.poll();
        assertThat(there.service.reserve("req_3", GLOBEX, new BudgetAmount(1, 0))).isInstanceOf(Reservation.class);

        // when / then: deleted
        here.admin.delete("tenant", "globex", "day");
        assertThat(here.globex()).isEmpty();
        assertThat(there.globex()).as("not polled yet").isNotEmpty();
        there.poll();
        assertThat(there.globex()).isEmpty();
        assertThat(there.service.reserve("req_4", GLOBEX, new BudgetAmount(1_000_000, 0)).orThrow().isEmpty())
                .as("no budget applies: nothing reserved").isTrue();
    }

    @Test
    void should_load_the_stored_budgets_when_an_instance_starts() {
        here.admin.put(new BudgetRequest("tenant", "globex", "month", null, 500L, true));

        try (Instance started = new Instance(db)) {
            assertThat(started.globex()).singleElement().satisfies(b -> {
                assertThat(b.limit().maxCostMicros()).isEqualTo(500L);
                assertThat(b.limit().soft()).isTrue();
            });
        }
    }
}
