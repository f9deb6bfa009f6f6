package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.gateway.ErrorKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The ledger's arithmetic and the refusal's mapping, without a database. */
class BudgetMathTest {

    private static final DataSource NO_DATABASE = (DataSource) java.lang.reflect.Proxy.newProxyInstance(
            BudgetMathTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new AssertionError("the database must not be used");
            });

    private final BudgetLedger ledger = new BudgetLedger(NO_DATABASE, Duration.ofMinutes(1), List.of(80, 95, 100),
            null, Clock.systemUTC());

    @Test
    void should_compare_exactly_when_checking_a_threshold() {
        assertThat(BudgetLedger.reached(80, 100, 80)).isTrue();
        assertThat(BudgetLedger.reached(79, 100, 80)).isFalse();
        assertThat(BudgetLedger.reached(8_000_000, 9_999_999, 80)).isTrue(); // 7,999,999.2 needed
        assertThat(BudgetLedger.reached(7_999_999, 9_999_999, 80)).isFalse();
        assertThat(BudgetLedger.reached(Long.MAX_VALUE, Long.MAX_VALUE, 100)).isTrue();
        assertThat(BudgetLedger.reached(Long.MAX_VALUE - 1, Long.MAX_VALUE, 100)).isFalse();
    }

    @Test
    void should_report_the_highest_threshold_reached_when_usage_jumps() {
        assertThat(ledger.highestReached(0, 0L)).isZero();
        assertThat(ledger.highestReached(50, null)).isZero();
        assertThat(ledger.highestReached(79, 100L)).isZero();
        assertThat(ledger.highestReached(94, 100L)).isEqualTo(80);
        assertThat(ledger.highestReached(96, 100L)).isEqualTo(95);
        assertThat(ledger.highestReached(150, 100L)).isEqualTo(100);
        assertThat(ledger.highestReached(1, 0L)).isEqualTo(100);
    }

    @Test
    void should_bound_used_plus_reserved_by_limit_minus_amount_when_the_budget_is_hard() {
        // given
        BudgetAmount amount = new BudgetAmount(100, 7);

        // when / then
        assertThat(BudgetLedger.bound(new BudgetLimit(1_000L, null, false), BudgetDimension.TOKENS, amount)).isEqualTo(900);
        assertThat(BudgetLedger.bound(new BudgetLimit(1_000L, null, false), BudgetDimension.COST, amount))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(BudgetLedger.bound(new BudgetLimit(50L, null, false), BudgetDimension.TOKENS, amount)).isEqualTo(-50);
        assertThat(BudgetLedger.bound(new BudgetLimit(50L, 5L, true), BudgetDimension.TOKENS, amount))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void should_not_touch_the_database_when_no_budget_applies() {
        // when
        ReserveOutcome outcome = ledger.reserve("req_1", List.of(), Instant.parse("2025-01-01T00:00:00Z"));

        // then
        Reservation reservation = outcome.orThrow();
        assertThat(reservation.isEmpty()).isTrue();
        assertThat(ledger.settle(reservation, 10, 10)).isFalse();
        assertThat(ledger.release(reservation)).isFalse();
    }

    @Test
    void should_refuse_two_charges_for_one_budget_when_reserving() {
        // given
        Budget budget = new Budget(BudgetScope.KEY, "k", BudgetPeriod.DAY, BudgetLimit.tokens(10));
        List<BudgetCharge> twice = BudgetCharge.all(List.of(budget, budget), new BudgetAmount(1, 1));

        // when / then
        assertThatThrownBy(() -> ledger.reserve("req_1", twice, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key/k/day/");
    }

    @Test
    void should_answer_429_budget_exceeded_when_a_refusal_is_thrown() {
        // given
        Budget budget = new Budget(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, BudgetLimit.costMicros(1_000));
        BudgetRefusal refusal = new BudgetRefusal(budget, LocalDate.of(2025, 3, 1), Instant.parse("2025-04-01T00:00:00Z"),
                BudgetDimension.COST, 1_000, 990, 0, 20);

        // when / then
        assertThatThrownBy(refusal::orThrow)
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
                    assertThat(e.kind().status()).isEqualTo(429);
                    assertThat(e.kind().code()).isEqualTo("budget_exceeded");
                    assertThat(e.refusal()).isSameAs(refusal);
                })
                .hasMessage("The monthly cost budget of tenant 'acme' does not allow this request; it resets at"
                        + " 2025-04-01T00:00:00Z.");
    }
}
