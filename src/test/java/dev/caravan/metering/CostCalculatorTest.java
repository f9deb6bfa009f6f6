package dev.caravan.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {

    @Test
    void should_price_input_and_output_separately_when_both_are_used() {
        // given: $0.15 / 1M input, $0.60 / 1M output
        long inputPrice = 150_000;
        long outputPrice = 600_000;

        // when
        long cost = CostCalculator.costMicros(1_000, 500, inputPrice, outputPrice);

        // then: 1000 * 0.15 + 500 * 0.60 = 450 micro-dollars
        assertThat(cost).isEqualTo(450);
    }

    @Test
    void should_round_half_up_when_the_cost_has_a_fraction_of_a_micro_dollar() {
        // when / then
        assertThat(CostCalculator.costMicros(1, 0, 500_000, 0)).isEqualTo(1);   // 0.5 -> 1
        assertThat(CostCalculator.costMicros(1, 0, 499_999, 0)).isZero();       // 0.499999 -> 0
        assertThat(CostCalculator.costMicros(3, 0, 500_000, 0)).isEqualTo(2);   // 1.5 -> 2
        assertThat(CostCalculator.costMicros(0, 5, 0, 300_000)).isEqualTo(2);   // 1.5 -> 2
    }

    @Test
    void should_round_the_sum_once_when_both_parts_have_fractions() {
        // when: 0.4 + 0.4 = 0.8 -> 1 (rounding each part would give 0)
        long cost = CostCalculator.costMicros(1, 1, 400_000, 400_000);

        // then
        assertThat(cost).isEqualTo(1);
    }

    @Test
    void should_cost_nothing_when_no_tokens_or_free_model() {
        // when / then
        assertThat(CostCalculator.costMicros(0, 0, 150_000, 600_000)).isZero();
        assertThat(CostCalculator.costMicros(1_000_000, 1_000_000, 0, 0)).isZero();
    }

    @Test
    void should_charge_the_full_price_when_exactly_one_million_tokens_are_used() {
        // when / then
        assertThat(CostCalculator.costMicros(1_000_000, 2_000_000, 3_000_000, 15_000_000))
                .isEqualTo(3_000_000 + 30_000_000);
    }

    @Test
    void should_compute_exactly_when_the_intermediate_product_overflows_a_long() {
        // given: 10^13 tokens at $1000 / 1M tokens -> the product is 10^22
        long tokens = 10_000_000_000_000L;
        long price = 1_000_000_000L;

        // when
        long cost = CostCalculator.costMicros(tokens, tokens, price, price);

        // then
        long expected = BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(price)).shiftLeft(1)
                .add(BigInteger.valueOf(500_000)).divide(BigInteger.valueOf(1_000_000)).longValueExact();
        assertThat(cost).isEqualTo(expected).isEqualTo(20_000_000_000_000_000L);
    }

    @Test
    void should_compute_exactly_when_each_product_fits_but_their_sum_does_not() {
        // given
        long half = Long.MAX_VALUE / 2 + 1;

        // when
        long cost = CostCalculator.costMicros(half, half, 1, 1);

        // then: (2^63 + 500000) / 10^6, rounded
        BigInteger sum = BigInteger.valueOf(half).shiftLeft(1);
        long expected = sum.add(BigInteger.valueOf(500_000)).divide(BigInteger.valueOf(1_000_000)).longValueExact();
        assertThat(cost).isEqualTo(expected);
    }

    @Test
    void should_throw_when_the_cost_itself_does_not_fit_in_a_long() {
        // when / then
        assertThatThrownBy(() -> CostCalculator.costMicros(Long.MAX_VALUE, 0, Long.MAX_VALUE, 0))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void should_reject_the_arguments_when_any_is_negative() {
        // when / then
        assertThatThrownBy(() -> CostCalculator.costMicros(-1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CostCalculator.costMicros(0, -1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CostCalculator.costMicros(0, 0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CostCalculator.costMicros(0, 0, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
