package dev.caravan.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.admin.ChangeFeed.Change;
import dev.caravan.budget.BudgetAmount;
import dev.caravan.budget.BudgetLedger;
import dev.caravan.budget.BudgetLimitStore;
import dev.caravan.budget.BudgetPeriod;
import dev.caravan.budget.BudgetProperties;
import dev.caravan.budget.BudgetRefusal;
import dev.caravan.budget.BudgetScope;
import dev.caravan.budget.BudgetService;
import dev.caravan.budget.BudgetSubject;
import dev.caravan.budget.LayeredBudgets;
import dev.caravan.budget.Reservation;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.support.TestH2;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link BudgetAdmin} on H2: validation, precedence over the configuration, usage, audit and announcements. */
class BudgetAdminTest {

    static final BudgetProperties CONFIGURED = BudgetProperties.of(List.of(
            new BudgetProperties.Limit(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, 1_000L, null, false),
            new BudgetProperties.Limit(BudgetScope.KEY, "*", BudgetPeriod.DAY, 500L, null, false)));

    private HikariDataSource db;
    private LayeredBudgets budgets;
    private BudgetLedger ledger;
    private BudgetAdmin admin;
    private final List<Change> announced = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(BudgetAdmin.class);

    @BeforeEach
    void setUp() {
        db = TestH2.migrated("budget_admin");
        ChangeFeed feed = new ChangeFeed(db, Duration.ofSeconds(1), Duration.ofDays(1), Clock.systemUTC());
        feed.subscribe(AdminConfiguration.BUDGETS, announced::add);
        BudgetLimitStore store = new BudgetLimitStore(db, Clock.systemUTC());
        budgets = new LayeredBudgets(CONFIGURED, store);
        ledger = new BudgetLedger(db, CONFIGURED, null, Clock.systemUTC());
        admin = new BudgetAdmin(budgets, store, ledger, feed, Clock.systemUTC());
        admin.reload();
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(log);
        db.close();
    }

    static BudgetRequest request(String scope, String name, String period, Long tokens, Long cost, Boolean soft) {
        return new BudgetRequest(scope, name, period, tokens, cost, soft);
    }

    GatewayException refused(Runnable call) {
        return catchThrowableOfType(GatewayException.class, call::run);
    }

    @Test
    void should_create_then_replace_a_budget_that_applies_at_once_and_is_announced_and_audited() {
        // when
        BudgetAdmin.Put created = admin.put(request("tenant", "globex", "day", 100L, null, null));
        BudgetAdmin.Put replaced = admin.put(request("TENANT", " globex ", "Day", 200L, 5_000L, true));

        // then
        assertThat(created.created()).isTrue();
        assertThat(replaced.created()).isFalse();
        BudgetView view = replaced.budget();
        assertThat(view).extracting(BudgetView::scope, BudgetView::name, BudgetView::period, BudgetView::maxTokens,
                BudgetView::maxCostMicros, BudgetView::soft, BudgetView::source)
                .containsExactly("tenant", "globex", "day", 200L, 5_000L, true, "stored");
        assertThat(view.configured()).isNull();
        assertThat(view.usage().usedTokens()).isZero();
        assertThat(budgets.budgetsFor(new BudgetSubject(null, null, "globex", null)))
                .singleElement().satisfies(b -> assertThat(b.limit().maxTokens()).isEqualTo(200L));
        assertThat(announced).extracting(Change::subject).containsExactly("tenant/day/globex", "tenant/day/globex");
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Admin change: daily budget of tenant 'globex' set to max_tokens 100, max_cost_micros -, hard"
                        + " (was none)",
                "Admin change: daily budget of tenant 'globex' set to max_tokens 200, max_cost_micros 5000, soft"
                        + " (was stored max_tokens 100, max_cost_micros -, hard)");
    }

    @Test
    void should_list_configured_and_stored_budgets_with_their_source_and_this_periods_usage() {
        // given: acme's configured budget replaced, and 30 tokens of it used
        admin.put(request("tenant", "acme", "month", 50L, null, null));
        admin.put(request("user", "acme/alice", "day", null, 900L, null));
        BudgetService service = new BudgetService(budgets, ledger, Clock.systemUTC(), null);
        var reservation = service.reserve("req_1", new BudgetSubject(null, null, "acme", null),
                new BudgetAmount(40, 0)).orThrow();
        service.settle(reservation, new BudgetAmount(30, 0));

        // when
        List<BudgetView> all = admin.list();

        // then
        assertThat(all).extracting(BudgetView::scope, BudgetView::name, BudgetView::period, BudgetView::maxTokens,
                BudgetView::maxCostMicros, BudgetView::source).containsExactly(
                tuple("key", "*", "day", 500L, null, "configured"),
                tuple("user", "acme/alice", "day", null, 900L, "stored"),
                tuple("tenant", "acme", "month", 50L, null, "stored"));
        assertThat(all.get(0).usage()).as("a counter per key: see GET /api/budget").isNull();
        BudgetView acme = all.get(2);
        assertThat(acme.configured()).isEqualTo(new BudgetView.Limits(1_000L, null, false));
        assertThat(acme.usage().usedTokens()).isEqualTo(30);
        assertThat(acme.usage().reservedTokens()).isZero();
        assertThat(acme.updatedAt()).isNotNull();
    }

    @Test
    void should_delete_a_stored_budget_and_apply_the_configured_one_again() {
        // given
        admin.put(request("tenant", "acme", "month", 50L, null, null));

        // when
        BudgetAdmin.Deleted deleted = admin.delete("tenant", "acme", "month");

        // then
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.configured()).extracting(BudgetView::maxTokens, BudgetView::source)
                .containsExactly(1_000L, "configured");
        assertThat(budgets.budgetsFor(new BudgetSubject(null, null, "acme", null)))
                .singleElement().satisfies(b -> assertThat(b.limit().maxTokens()).isEqualTo(1_000L));
        assertThat(log.list.get(1).getFormattedMessage()).isEqualTo("Admin change: monthly budget of tenant 'acme'"
                + " deleted (was max_tokens 50, max_cost_micros -, hard); now the configured max_tokens 1000,"
                + " max_cost_micros -, hard");
        assertThat(announced).hasSize(2);
    }

    @Test
    void should_refuse_to_delete_a_configured_budget_with_409_and_an_unknown_one_with_404() {
        GatewayException configured = refused(() -> admin.delete("tenant", "acme", "month"));
        GatewayException configuredStar = refused(() -> admin.delete("key", "*", "day"));
        GatewayException unknown = refused(() -> admin.delete("user", "acme/bob", "day"));

        assertThat(configured.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(configured.getMessage()).contains("monthly budget of tenant 'acme' is configured")
                .contains("caravan.budgets.limits").contains("PUT /api/admin/budgets");
        assertThat(configuredStar.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(unknown.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(unknown.getMessage()).isEqualTo("No stored daily budget of user 'acme/bob'.");
        assertThat(announced).isEmpty();
        assertThat(log.list).isEmpty();
    }

    @Test
    void should_refuse_bad_budgets_with_400_naming_the_field_and_change_nothing() {
        assertThat(refused(() -> admin.put(request(null, "acme", "day", 1L, null, null))).param()).isEqualTo("scope");
        assertThat(refused(() -> admin.put(request("team", "acme", "day", 1L, null, null))).param()).isEqualTo("scope");
        assertThat(refused(() -> admin.put(request("tenant", "acme", "week", 1L, null, null))).param())
                .isEqualTo("period");
        assertThat(refused(() -> admin.put(request("tenant", "  ", "day", 1L, null, null))).param()).isEqualTo("name");
        assertThat(refused(() -> admin.put(request("tenant", "x".repeat(256), "day", 1L, null, null))).param())
                .isEqualTo("name");
        assertThat(refused(() -> admin.put(request("tenant", "a\nb", "day", 1L, null, null))).param())
                .isEqualTo("name");
        GatewayException noLimit = refused(() -> admin.put(request("tenant", "acme", "day", null, null, true)));
        assertThat(noLimit.param()).isEqualTo("max_tokens");
        assertThat(noLimit.getMessage()).isEqualTo("Set 'max_tokens', 'max_cost_micros' or both.");
        assertThat(refused(() -> admin.put(request("tenant", "acme", "day", 1L, -1L, null))).param())
                .isEqualTo("max_cost_micros");
        assertThat(refused(() -> admin.delete("tenant", "acme", "year")).param()).isEqualTo("period");
        assertThat(refused(() -> admin.delete("tenant", "acme", "year")).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);

        assertThat(admin.list()).extracting(BudgetView::source).containsOnly("configured");
        assertThat(announced).isEmpty();
    }

    @Test
    void should_refuse_then_admit_the_next_reservation_when_a_budget_is_lowered_then_raised_mid_period() {
        // given: 80 of the stored 100 used
        BudgetService service = new BudgetService(budgets, ledger, Clock.systemUTC(), null);
        BudgetSubject globex = new BudgetSubject(null, null, "globex", null);
        admin.put(request("tenant", "globex", "day", 100L, null, null));
        service.settle(service.reserve("req_1", globex, new BudgetAmount(80, 0)).orThrow(), new BudgetAmount(80, 0));

        // when / then: lowered below what was used
        admin.put(request("tenant", "globex", "day", 50L, null, null));
        assertThat(service.reserve("req_2", globex, new BudgetAmount(1, 0))).isInstanceOf(BudgetRefusal.class);

        // when / then: raised
        admin.put(request("tenant", "globex", "day", 200L, null, null));
        assertThat(service.reserve("req_3", globex, new BudgetAmount(1, 0))).isInstanceOf(Reservation.class);
        assertThat(admin.list()).filteredOn(v -> v.name().equals("globex")).singleElement().satisfies(v -> {
            assertThat(v.maxTokens()).isEqualTo(200L);
            assertThat(v.usage().usedTokens()).isEqualTo(80);
            assertThat(v.usage().reservedTokens()).isEqualTo(1);
        });
    }
}
