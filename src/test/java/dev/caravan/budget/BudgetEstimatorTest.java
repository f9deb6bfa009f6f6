package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetEstimatorTest {

    private final BudgetEstimator estimator = new BudgetEstimator(4096);

    static ModelProperties model(String id, long inputPrice, long outputPrice, int contextWindow) {
        return new ModelProperties(id, ProviderType.SIMULATOR, null, null, null, inputPrice, outputPrice, null, 1, 1,
                SecurityLevel.LOCAL, true, null, contextWindow, 0);
    }

    @Test
    void should_add_input_and_maximum_output_at_the_model_prices_when_estimating() {
        // when: 1,000 in at $0.10/1M and 500 out at $0.40/1M = 100 + 200 micro-dollars
        BudgetAmount amount = BudgetEstimator.estimate(1_000, 500, 100_000, 400_000);

        // then
        assertThat(amount).isEqualTo(new BudgetAmount(1_500, 300));
    }

    @Test
    void should_round_once_half_up_like_metering_when_the_cost_is_fractional() {
        // when: (3 * 100,000 + 2 * 100,000) / 1,000,000 = 0.5 micro-dollars -> 1
        BudgetAmount amount = BudgetEstimator.estimate(3, 2, 100_000, 100_000);

        // then
        assertThat(amount.costMicros()).isEqualTo(1);
    }

    @Test
    void should_reserve_the_requested_max_tokens_when_the_request_sets_them() {
        // when
        BudgetAmount amount = estimator.estimate(100, 50, model("m", 1_000_000, 2_000_000, 8192));

        // then
        assertThat(amount).isEqualTo(new BudgetAmount(150, 200));
    }

    @Test
    void should_reserve_the_default_output_when_the_request_sets_no_max_tokens() {
        // when
        BudgetAmount amount = estimator.estimate(1_000, null, model("m", 1_000_000, 1_000_000, 16_384));

        // then
        assertThat(amount).isEqualTo(new BudgetAmount(1_000 + 4_096, 5_096));
    }

    @Test
    void should_cap_the_default_output_at_the_context_window_when_the_prompt_fills_most_of_it() {
        // when: 8,192 window - 7,000 input leaves 1,192 for the answer
        BudgetAmount amount = estimator.estimate(7_000, null, model("m", 1_000_000, 1_000_000, 8_192));

        // then
        assertThat(amount.tokens()).isEqualTo(8_192);
        assertThat(estimator.estimate(9_000, null, model("m", 1_000_000, 1_000_000, 8_192)).tokens()).isEqualTo(9_000);
    }

    @Test
    void should_take_the_dearest_candidate_when_a_fallback_may_answer() {
        // given
        List<ModelProperties> candidates = List.of(
                model("cheap", 100_000, 400_000, 4_096),
                model("dear", 5_000_000, 15_000_000, 128_000));

        // when
        BudgetAmount amount = estimator.estimate(1_000, null, candidates);

        // then: dear's window allows the full default; dear's prices
        assertThat(amount.tokens()).isEqualTo(5_096);
        assertThat(amount.costMicros()).isEqualTo(BudgetEstimator.estimate(1_000, 4_096, 5_000_000, 15_000_000)
                .costMicros());
        assertThatThrownBy(() -> estimator.estimate(1, 1, List.<ModelProperties>of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
