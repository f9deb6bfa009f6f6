package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every budget database must do, run against H2 by {@link BudgetLedgerH2Test} and against
 * PostgreSQL by {@link BudgetLedgerPostgresIT}: reserve, settle, release and expire; all or
 * nothing; soft and hard; idempotency; alerts once per threshold and period; and no overspend
 * under concurrency, from one ledger or from two on separate connection pools (two instances).
 * Subclasses provide migrated, empty budget tables before each test.
 */
abstract class BudgetLedgerContract {

    static final Instant T0 = Instant.parse("2025-03-14T12:00:00Z");
    static final Duration TTL = Duration.ofMinutes(10);
    static final BudgetAmount ESTIMATE = new BudgetAmount(100, 50);

    /** A data source whose budget tables exist and are empty. */
    protected abstract DataSource dataSource();

    /** Another pool of {@code size} connections to the same database: a second gateway instance. */
    protected abstract HikariDataSource newPool(int size);

    protected final TestClock clock = new TestClock(T0);
    protected final List<BudgetAlert> alerts = new CopyOnWriteArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    HikariDataSource pool(int size) {
        HikariDataSource pool = newPool(size);
        pools.add(pool);
        return pool;
    }

    BudgetLedger ledger() {
        return ledger(dataSource());
    }

    BudgetLedger ledger(DataSource dataSource) {
        return new BudgetLedger(dataSource, TTL, List.of(80, 95, 100), alerts::add, clock);
    }

    JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    static Budget budget(BudgetScope scope, String name, long maxTokens) {
        return new Budget(scope, name, BudgetPeriod.DAY, BudgetLimit.tokens(maxTokens));
    }

    static List<BudgetCharge> charge(BudgetAmount amount, Budget... budgets) {
        return BudgetCharge.all(List.of(budgets), amount);
    }

    BudgetCounter counter(Budget budget) {
        return counter(budget, T0);
    }

    BudgetCounter counter(Budget budget, Instant at) {
        return ledger().counter(budget, at).orElseThrow();
    }

    long reservations(String state) {
        return jdbc().queryForObject("SELECT COUNT(*) FROM budget_reservations WHERE state = ?", Long.class, state);
    }

    // ---------------------------------------------------------------- reserve, settle, release

    @Test
    void should_hold_the_estimate_when_the_budget_has_room() {
        // given
        Budget budget = new Budget(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, new BudgetLimit(1_000L, 500L, false));

        // when
        Reservation reservation = ledger().reserve("req_1", charge(ESTIMATE, budget), T0).orThrow();

        // then
        assertThat(reservation.id()).startsWith("bres_");
        assertThat(reservation.requestId()).isEqualTo("req_1");
        assertThat(reservation.expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(reservation.overSoftLimit()).isEmpty();
        BudgetCounter counter = counter(budget);
        assertThat(counter.periodStart()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(counter.limitTokens()).isEqualTo(1_000);
        assertThat(counter.limitCostMicros()).isEqualTo(500);
        assertThat(counter.reserved()).isEqualTo(ESTIMATE);
        assertThat(counter.used()).isEqualTo(BudgetAmount.ZERO);
        assertThat(reservations("held")).isEqualTo(1);
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM budget_reservation_charges WHERE reservation_id = ?",
                Long.class, reservation.id())).isEqualTo(1);
    }

    @Test
    void should_move_the_estimate_out_and_the_actual_usage_in_when_settled() {
        // given
        Budget budget = budget(BudgetScope.KEY, "key_1", 1_000);
        BudgetLedger ledger = ledger();
        Reservation first = ledger.reserve("req_1", charge(ESTIMATE, budget), T0).orThrow();
        Reservation second = ledger.reserve("req_2", charge(ESTIMATE, budget), T0).orThrow();

        // when
        boolean settled = ledger.settle(first, 70, 30);

        // then
        assertThat(settled).isTrue();
        assertThat(counter(budget).used()).isEqualTo(new BudgetAmount(70, 30));
        assertThat(counter(budget).reserved()).isEqualTo(ESTIMATE);
        assertThat(jdbc().queryForMap("SELECT state, actual_tokens, actual_cost_micros FROM budget_reservations"
                + " WHERE id = ?", first.id()).values()).containsExactly("settled", 70L, 30L);
        assertThat(ledger.release(second)).isTrue();
        assertThat(counter(budget).reserved()).isEqualTo(BudgetAmount.ZERO);
        assertThat(counter(budget).used()).isEqualTo(new BudgetAmount(70, 30));
    }

    @Test
    void should_let_used_pass_the_limit_and_refuse_what_follows_when_the_actual_usage_exceeds_the_estimate() {
        // given
        Budget budget = budget(BudgetScope.USER, "alice", 150);
        BudgetLedger ledger = ledger();
        Reservation reservation = ledger.reserve("req_1", charge(ESTIMATE, budget), T0).orThrow();

        // when: the answer was longer than estimated
        ledger.settle(reservation, 180, 90);
        ReserveOutcome next = ledger.reserve("req_2", charge(new BudgetAmount(1, 1), budget), T0);

        // then
        assertThat(counter(budget).used()).isEqualTo(new BudgetAmount(180, 90));
        assertThat(next).isInstanceOfSatisfying(BudgetRefusal.class, refusal -> {
            assertThat(refusal.used()).isEqualTo(180);
            assertThat(refusal.requested()).isEqualTo(1);
        });
    }

    @Test
    void should_do_nothing_when_settled_or_released_a_second_time() {
        // given
        Budget budget = budget(BudgetScope.KEY, "key_1", 1_000);
        BudgetLedger ledger = ledger();
        Reservation settledOne = ledger.reserve("req_1", charge(ESTIMATE, budget), T0).orThrow();
        Reservation releasedOne = ledger.reserve("req_2", charge(ESTIMATE, budget), T0).orThrow();
        ledger.settle(settledOne, 80, 40);
        ledger.release(releasedOne);

        // when
        boolean settledAgain = ledger.settle(settledOne, 80, 40);
        boolean releasedAfterSettle = ledger.release(settledOne);
        boolean releasedAgain = ledger.release(releasedOne);
        boolean settledAfterRelease = ledger.settle(releasedOne, 10, 10);

        // then
        assertThat(List.of(settledAgain, releasedAfterSettle, releasedAgain, settledAfterRelease)).containsOnly(false);
        assertThat(counter(budget).used()).isEqualTo(new BudgetAmount(80, 40));
        assertThat(counter(budget).reserved()).isEqualTo(BudgetAmount.ZERO);
    }

    @Test
    void should_take_from_no_budget_when_one_hard_budget_has_no_room() {
        // given: the task budget has room, the tenant budget has not
        Budget task = budget(BudgetScope.TASK, "flashcards", 1_000);
        Budget tenant = budget(BudgetScope.TENANT, "acme", 150);
        BudgetLedger ledger = ledger();
        ledger.reserve("req_0", charge(ESTIMATE, tenant), T0).orThrow();

        // when
        ReserveOutcome outcome = ledger.reserve("req_1", charge(ESTIMATE, task, tenant), T0);

        // then
        assertThat(outcome).isInstanceOfSatisfying(BudgetRefusal.class, refusal -> {
            assertThat(refusal.budget()).isEqualTo(tenant);
            assertThat(refusal.dimension()).isEqualTo(BudgetDimension.TOKENS);
            assertThat(refusal.limit()).isEqualTo(150);
            assertThat(refusal.reserved()).isEqualTo(100);
            assertThat(refusal.requested()).isEqualTo(100);
            assertThat(refusal.resetsAt()).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
        });
        assertThatThrownBy(outcome::orThrow).isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("daily token budget of tenant 'acme'");
        assertThat(ledger.counter(task, T0)).hasValueSatisfying(
                counter -> assertThat(counter.reserved()).isEqualTo(BudgetAmount.ZERO));
        assertThat(counter(tenant).reserved()).isEqualTo(ESTIMATE);
        assertThat(reservations("held")).isEqualTo(1);
    }

    @Test
    void should_refuse_on_cost_when_the_tokens_still_fit() {
        // given
        Budget budget = new Budget(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, new BudgetLimit(10_000L, 90L, false));
        BudgetLedger ledger = ledger();
        ledger.reserve("req_0", charge(ESTIMATE, budget), T0).orThrow();

        // when
        ReserveOutcome outcome = ledger.reserve("req_1", charge(ESTIMATE, budget), T0);

        // then
        assertThat(outcome).isInstanceOfSatisfying(BudgetRefusal.class, refusal -> {
            assertThat(refusal.dimension()).isEqualTo(BudgetDimension.COST);
            assertThat(refusal.limit()).isEqualTo(90);
            assertThat(refusal.reserved()).isEqualTo(50);
        });
    }

    @Test
    void should_refuse_an_estimate_larger_than_the_whole_limit_when_the_budget_is_empty() {
        // given
        Budget budget = budget(BudgetScope.KEY, "key_1", 99);

        // when
        ReserveOutcome outcome = ledger().reserve("req_1", charge(ESTIMATE, budget), T0);

        // then
        assertThat(outcome).isInstanceOf(BudgetRefusal.class);
        assertThat(counter(budget).reserved()).isEqualTo(BudgetAmount.ZERO);
    }

    @Test
    void should_never_refuse_and_mark_the_overrun_when_the_budget_is_soft() {
        // given
        Budget soft = new Budget(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, BudgetLimit.tokens(150).asSoft());
        BudgetLedger ledger = ledger();

        // when
        Reservation within = ledger.reserve("req_1", charge(ESTIMATE, soft), T0).orThrow();
        Reservation beyond = ledger.reserve("req_2", charge(ESTIMATE, soft), T0).orThrow();
        Reservation further = ledger.reserve("req_3", charge(ESTIMATE, soft), T0).orThrow();

        // then
        assertThat(within.overSoftLimit()).isEmpty();
        assertThat(beyond.overSoftLimit()).containsExactly(soft);
        assertThat(further.overSoftLimit()).containsExactly(soft);
        assertThat(counter(soft).reserved().tokens()).isEqualTo(300);
        assertThat(counter(soft).soft()).isTrue();
    }

    @Test
    void should_apply_a_changed_limit_when_the_next_reservation_arrives() {
        // given
        Budget generous = budget(BudgetScope.TENANT, "acme", 1_000);
        Budget strict = budget(BudgetScope.TENANT, "acme", 250);
        BudgetLedger ledger = ledger();
        ledger.reserve("req_1", charge(ESTIMATE, generous), T0).orThrow();
        ledger.reserve("req_2", charge(ESTIMATE, generous), T0).orThrow();

        // when
        ReserveOutcome outcome = ledger.reserve("req_3", charge(ESTIMATE, strict), T0);

        // then
        assertThat(outcome).isInstanceOf(BudgetRefusal.class);
        assertThat(ledger.reserve("req_4", charge(new BudgetAmount(50, 1), strict), T0)).isInstanceOf(Reservation.class);
        assertThat(counter(strict).limitTokens()).isEqualTo(250);
    }

    @Test
    void should_keep_used_and_reserved_and_apply_each_new_limit_from_the_next_reservation_when_it_changes_mid_period() {
        // given: 200 used and 100 held of 300
        Budget original = budget(BudgetScope.TENANT, "acme", 300);
        BudgetLedger ledger = ledger();
        ledger.settle(ledger.reserve("req_1", charge(ESTIMATE, original), T0).orThrow(), 200, 0);
        Reservation held = ledger.reserve("req_2", charge(ESTIMATE, original), T0).orThrow();
        assertThat(ledger.reserve("req_3", charge(ESTIMATE, original), T0)).isInstanceOf(BudgetRefusal.class);

        // when: raised
        Budget raised = budget(BudgetScope.TENANT, "acme", 1_000);
        ReserveOutcome afterRaise = ledger.reserve("req_4", charge(ESTIMATE, raised), T0);

        // then: room again, nothing used or held was lost
        assertThat(afterRaise).isInstanceOf(Reservation.class);
        BudgetCounter counter = counter(raised);
        assertThat(counter.limitTokens()).isEqualTo(1_000);
        assertThat(counter.used().tokens()).isEqualTo(200);
        assertThat(counter.reserved().tokens()).isEqualTo(200);

        // when: lowered below used + reserved + estimate
        Budget lowered = budget(BudgetScope.TENANT, "acme", 450);
        ReserveOutcome afterLower = ledger.reserve("req_5", charge(ESTIMATE, lowered), T0);

        // then: refused against the new limit; the reservations taken before still settle
        assertThat(afterLower).isInstanceOfSatisfying(BudgetRefusal.class, refusal -> {
            assertThat(refusal.limit()).isEqualTo(450);
            assertThat(refusal.used()).isEqualTo(200);
            assertThat(refusal.reserved()).isEqualTo(200);
        });
        assertThat(ledger.settle(held, 30, 0)).isTrue();
        assertThat(ledger.settle((Reservation) afterRaise, 40, 0)).isTrue();
        assertThat(counter(lowered).used().tokens()).isEqualTo(270);
        assertThat(counter(lowered).reserved().tokens()).isZero();
        assertThat(ledger.reserve("req_6", charge(ESTIMATE, lowered), T0)).isInstanceOf(Reservation.class);
    }

    @Test
    void should_alert_against_the_new_limit_when_a_limit_is_raised_after_its_thresholds_were_raised() {
        // given: 100 of 100 used, every threshold raised
        Budget original = budget(BudgetScope.TENANT, "acme", 100);
        BudgetLedger ledger = ledger();
        BudgetAmount small = new BudgetAmount(10, 0);
        ledger.settle(ledger.reserve("req_1", charge(small, original), T0).orThrow(), 100, 0);
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent).containsExactly(80, 95, 100);
        alerts.clear();

        // when: raised to 1,000, then 110 and 850 used
        Budget raised = budget(BudgetScope.TENANT, "acme", 1_000);
        ledger.settle(ledger.reserve("req_2", charge(small, raised), T0).orThrow(), 10, 0);
        assertThat(alerts).as("11 percent of the new limit").isEmpty();
        ledger.settle(ledger.reserve("req_3", charge(small, raised), T0).orThrow(), 740, 0);

        // then
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent, BudgetAlert::used, BudgetAlert::limit)
                .containsExactly(tuple(80, 850L, 1_000L));
        assertThat(counter(raised).alertedPercent()).isEqualTo(80);
    }

    // ---------------------------------------------------------------- periods and expiry

    @Test
    void should_charge_the_period_of_the_reservation_when_settled_after_midnight() {
        // given: reserved late in the day
        Budget budget = budget(BudgetScope.KEY, "key_1", 1_000);
        Instant lateEvening = Instant.parse("2025-03-14T23:59:00Z");
        BudgetLedger ledger = ledger();
        Reservation reservation = ledger.reserve("req_1", charge(ESTIMATE, budget), lateEvening).orThrow();

        // when
        clock.advance(Duration.ofHours(12));
        ledger.settle(reservation, 60, 20);
        Reservation nextDay = ledger.reserve("req_2", charge(ESTIMATE, budget), Instant.parse("2025-03-15T00:01:00Z"))
                .orThrow();

        // then
        assertThat(counter(budget, lateEvening).used()).isEqualTo(new BudgetAmount(60, 20));
        assertThat(counter(budget, lateEvening).reserved()).isEqualTo(BudgetAmount.ZERO);
        BudgetCounter fresh = counter(budget, nextDay.reservedAt());
        assertThat(fresh.periodStart()).isEqualTo(LocalDate.of(2025, 3, 15));
        assertThat(fresh.used()).isEqualTo(BudgetAmount.ZERO);
        assertThat(fresh.reserved()).isEqualTo(ESTIMATE);
    }

    @Test
    void should_release_only_reservations_past_their_expiry_when_expire_runs() {
        // given
        Budget budget = budget(BudgetScope.KEY, "key_1", 1_000);
        BudgetLedger ledger = ledger();
        ledger.reserve("req_old", charge(ESTIMATE, budget), T0).orThrow();
        ledger.reserve("req_new", charge(ESTIMATE, budget), T0.plus(Duration.ofMinutes(5))).orThrow();

        // when
        int early = ledger.expire(T0.plus(Duration.ofMinutes(9)));
        int due = ledger.expire(T0.plus(TTL).plusSeconds(1));
        int again = ledger.expire(T0.plus(TTL).plusSeconds(1));

        // then
        assertThat(early).isZero();
        assertThat(due).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(counter(budget).reserved()).isEqualTo(ESTIMATE);
        assertThat(reservations("expired")).isEqualTo(1);
        assertThat(reservations("held")).isEqualTo(1);
    }

    @Test
    void should_still_charge_a_call_when_it_finishes_after_its_reservation_expired() {
        // given
        Budget budget = budget(BudgetScope.KEY, "key_1", 1_000);
        BudgetLedger ledger = ledger();
        Reservation slow = ledger.reserve("req_1", charge(ESTIMATE, budget), T0).orThrow();
        ledger.expire(T0.plus(TTL).plusSeconds(1));

        // when
        boolean released = ledger.release(slow);
        boolean settled = ledger.settle(slow, 120, 60);
        boolean settledAgain = ledger.settle(slow, 120, 60);

        // then: charged once, the estimate given back once
        assertThat(released).isFalse();
        assertThat(settled).isTrue();
        assertThat(settledAgain).isFalse();
        assertThat(counter(budget).used()).isEqualTo(new BudgetAmount(120, 60));
        assertThat(counter(budget).reserved()).isEqualTo(BudgetAmount.ZERO);
        assertThat(reservations("settled")).isEqualTo(1);
    }

    @Test
    void should_delete_finished_reservations_but_keep_held_ones_when_purged() {
        // given
        Budget budget = budget(BudgetScope.KEY, "key_1", 1_000);
        BudgetLedger ledger = ledger();
        Reservation done = ledger.reserve("req_1", charge(ESTIMATE, budget), T0).orThrow();
        Reservation open = ledger.reserve("req_2", charge(ESTIMATE, budget), T0).orThrow();
        ledger.settle(done, 10, 10);

        // when
        int tooEarly = ledger.purgeFinished(T0.minusSeconds(1));
        int purged = ledger.purgeFinished(T0.plusSeconds(1));

        // then
        assertThat(tooEarly).isZero();
        assertThat(purged).isEqualTo(1);
        assertThat(jdbc().queryForList("SELECT id FROM budget_reservations", String.class)).containsExactly(open.id());
        assertThat(jdbc().queryForList("SELECT reservation_id FROM budget_reservation_charges", String.class))
                .containsExactly(open.id());
        assertThat(counter(budget).used()).isEqualTo(new BudgetAmount(10, 10));
    }

    // ---------------------------------------------------------------- alerts

    @Test
    void should_raise_each_threshold_once_when_settled_usage_crosses_it() {
        // given
        Budget budget = budget(BudgetScope.TENANT, "acme", 1_000);
        BudgetLedger ledger = ledger();

        // when: 700, 850, 900, 960, 980 settled
        BudgetAmount small = new BudgetAmount(10, 0);
        for (long actual : new long[] {700, 150, 50, 60, 20}) {
            ledger.settle(ledger.reserve("req_" + actual, charge(small, budget), T0).orThrow(), actual, 0);
        }

        // then
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent, BudgetAlert::used, BudgetAlert::limit)
                .containsExactly(tuple(80, 850L, 1_000L), tuple(95, 960L, 1_000L));
        BudgetAlert first = alerts.get(0);
        assertThat(first.budget().scope()).isEqualTo(BudgetScope.TENANT);
        assertThat(first.budget().name()).isEqualTo("acme");
        assertThat(first.dimension()).isEqualTo(BudgetDimension.TOKENS);
        assertThat(first.periodStart()).isEqualTo(LocalDate.of(2025, 3, 14));
        assertThat(first.raisedAt()).isEqualTo(T0);
        assertThat(counter(budget).alertedPercent()).isEqualTo(95);
    }

    @Test
    void should_raise_every_skipped_threshold_when_one_settle_crosses_several() {
        // given
        Budget budget = new Budget(BudgetScope.TASK, "summaries", BudgetPeriod.DAY,
                new BudgetLimit(1_000_000L, 100L, true));
        BudgetLedger ledger = ledger();

        // when
        ledger.settle(ledger.reserve("req_1", charge(ESTIMATE, budget), T0).orThrow(), 100, 130);

        // then
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent, BudgetAlert::dimension)
                .containsExactly(tuple(80, BudgetDimension.COST), tuple(95, BudgetDimension.COST),
                        tuple(100, BudgetDimension.COST));
        assertThat(alerts.get(2).describe()).contains("soft limit: requests continue");
    }

    @Test
    void should_not_alert_when_only_reservations_approach_the_limit() {
        // given
        Budget budget = budget(BudgetScope.TENANT, "acme", 1_000);
        BudgetLedger ledger = ledger();

        // when: 900 of 1,000 held, nothing settled
        for (int i = 0; i < 9; i++) {
            ledger.reserve("req_" + i, charge(ESTIMATE, budget), T0).orThrow();
        }

        // then
        assertThat(alerts).isEmpty();
        assertThat(counter(budget).alertedPercent()).isZero();
    }

    @Test
    void should_raise_the_thresholds_again_when_a_new_period_starts() {
        // given
        Budget budget = budget(BudgetScope.TENANT, "acme", 100);
        BudgetLedger ledger = ledger();
        ledger.settle(ledger.reserve("req_1", charge(ESTIMATE, budget), T0).orThrow(), 85, 0);

        // when
        Instant tomorrow = T0.plus(Duration.ofDays(1));
        clock.advance(Duration.ofDays(1));
        ledger.settle(ledger.reserve("req_2", charge(ESTIMATE, budget), tomorrow).orThrow(), 85, 0);

        // then
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent, BudgetAlert::periodStart).containsExactly(
                tuple(80, LocalDate.of(2025, 3, 14)), tuple(80, LocalDate.of(2025, 3, 15)));
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void should_reserve_exactly_ten_and_balance_the_books_when_a_hundred_requests_compete_for_ten() throws Exception {
        // given: room for ten estimates, in both dimensions
        Budget budget = new Budget(BudgetScope.TENANT, "acme", BudgetPeriod.DAY,
                new BudgetLimit(10 * ESTIMATE.tokens(), 10 * ESTIMATE.costMicros(), false));
        BudgetLedger ledger = ledger(pool(4));

        // when
        List<ReserveOutcome> outcomes = concurrently(100,
                i -> ledger.reserve("req_" + i, charge(ESTIMATE, budget), T0));

        // then
        List<Reservation> reserved = outcomes.stream().filter(Reservation.class::isInstance)
                .map(Reservation.class::cast).toList();
        List<BudgetRefusal> refused = outcomes.stream().filter(BudgetRefusal.class::isInstance)
                .map(BudgetRefusal.class::cast).toList();
        assertThat(reserved).hasSize(10);
        assertThat(refused).hasSize(90);
        assertThat(refused).allSatisfy(refusal -> assertThatThrownBy(refusal::orThrow)
                .isInstanceOfSatisfying(BudgetExceededException.class,
                        e -> assertThat(e.kind().code()).isEqualTo("budget_exceeded")));
        assertThat(counter(budget).reserved()).isEqualTo(new BudgetAmount(1_000, 500));

        // when: all settle at once, some using more than estimated
        List<BudgetAmount> actuals = new ArrayList<>();
        for (int i = 0; i < reserved.size(); i++) {
            actuals.add(new BudgetAmount(60 + 10 * i, 20 + 7 * i));
        }
        List<Boolean> settled = concurrently(reserved.size(), i -> ledger.settle(reserved.get(i), actuals.get(i)));

        // then: the books balance
        assertThat(settled).containsOnly(true);
        BudgetCounter counter = counter(budget);
        assertThat(counter.used().tokens()).isEqualTo(actuals.stream().mapToLong(BudgetAmount::tokens).sum());
        assertThat(counter.used().costMicros()).isEqualTo(actuals.stream().mapToLong(BudgetAmount::costMicros).sum());
        assertThat(counter.reserved()).isEqualTo(BudgetAmount.ZERO);
        assertThat(reservations("settled")).isEqualTo(10);
        assertThat(reservations("held")).isZero();
    }

    @Test
    void should_not_overspend_or_deadlock_when_two_instances_compete_over_overlapping_budgets() throws Exception {
        // given: two ledgers on two pools; each request is charged to the tenant and to one of two
        // tasks, the charges listed in varying order
        Budget tenant = budget(BudgetScope.TENANT, "acme", 10 * ESTIMATE.tokens());
        Budget summaries = budget(BudgetScope.TASK, "summaries", 1_000_000);
        Budget flashcards = budget(BudgetScope.TASK, "flashcards", 1_000_000);
        BudgetLedger[] instances = {ledger(pool(3)), ledger(pool(3))};

        // when
        List<ReserveOutcome> outcomes = concurrently(60, i -> {
            List<Budget> budgets = new ArrayList<>(List.of(tenant, i % 3 == 0 ? summaries : flashcards));
            if (i % 2 == 0) {
                Collections.reverse(budgets);
            }
            return instances[i % 2].reserve("req_" + i, BudgetCharge.all(budgets, ESTIMATE), T0);
        });
        List<Reservation> reserved = outcomes.stream().filter(Reservation.class::isInstance)
                .map(Reservation.class::cast).toList();

        // then
        assertThat(reserved).hasSize(10);
        assertThat(counter(tenant).reserved().tokens()).isEqualTo(1_000);
        assertThat(ledger().counter(summaries, T0).map(c -> c.reserved().tokens()).orElse(0L)
                + ledger().counter(flashcards, T0).map(c -> c.reserved().tokens()).orElse(0L)).isEqualTo(1_000);

        // when: instance 0 settles the even ones while instance 1 releases the odd ones, and
        // both run expiry on whatever is left (nothing is due)
        List<Boolean> finished = concurrently(reserved.size(), i -> i % 2 == 0
                ? instances[0].settle(reserved.get(i), 90, 45)
                : instances[1].release(reserved.get(i)));

        // then
        assertThat(finished).containsOnly(true);
        long settled = (reserved.size() + 1) / 2;
        assertThat(counter(tenant).used()).isEqualTo(new BudgetAmount(90 * settled, 45 * settled));
        assertThat(counter(tenant).reserved()).isEqualTo(BudgetAmount.ZERO);
        assertThat(counter(summaries).reserved().tokens() + counter(flashcards).reserved().tokens()).isZero();
        assertThat(counter(summaries).used().tokens() + counter(flashcards).used().tokens()).isEqualTo(90 * settled);
    }

    @Test
    void should_raise_each_alert_once_when_two_instances_settle_across_the_thresholds_together() throws Exception {
        // given: ten reservations that will use the budget exactly
        Budget budget = budget(BudgetScope.TENANT, "acme", 10 * ESTIMATE.tokens());
        BudgetLedger[] instances = {ledger(pool(3)), ledger(pool(3))};
        List<Reservation> reserved = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            reserved.add(instances[0].reserve("req_" + i, charge(ESTIMATE, budget), T0).orThrow());
        }

        // when
        concurrently(10, i -> instances[i % 2].settle(reserved.get(i), ESTIMATE));

        // then
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent).containsExactlyInAnyOrder(80, 95, 100);
        assertThat(counter(budget).used().tokens()).isEqualTo(1_000);
        assertThat(counter(budget).alertedPercent()).isEqualTo(100);
    }

    @Test
    void should_release_each_reservation_once_when_two_instances_expire_at_the_same_time() throws Exception {
        // given
        Budget budget = budget(BudgetScope.KEY, "key_1", 1_000_000);
        BudgetLedger[] instances = {ledger(pool(2)), ledger(pool(2))};
        for (int i = 0; i < 40; i++) {
            instances[i % 2].reserve("req_" + i, charge(ESTIMATE, budget), T0).orThrow();
        }

        // when
        Instant later = T0.plus(TTL).plusSeconds(1);
        List<Integer> released = concurrently(4, i -> instances[i % 2].expire(later));

        // then
        assertThat(released.stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
        assertThat(counter(budget).reserved()).isEqualTo(BudgetAmount.ZERO);
        assertThat(reservations("expired")).isEqualTo(40);
    }

    /** Runs {@code n} tasks on {@code n} threads released together; their results in task order. */
    static <T> List<T> concurrently(int n, IntFunction<T> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.apply(index);
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
