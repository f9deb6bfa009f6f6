package dev.caravan.resilience;

import static dev.caravan.resilience.Fixtures.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.resilience.Fixtures.MutableClock;
import dev.caravan.routing.LatencyTracker;
import dev.caravan.routing.ModelHealth;
import dev.caravan.routing.TestModels;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModelHealthTrackerTest {

    private final ModelProperties fast = TestModels.model("fast").latencyBudgetMs(1_000).build();
    private final ModelProperties other = TestModels.model("other").build();
    private final LatencyTracker latency = new LatencyTracker();
    private final BreakerRegistry breakers = Fixtures.breakers(props("defaults.sliding-window-size=10",
            "defaults.minimum-number-of-calls=4", "defaults.failure-rate-threshold=50"), new MutableClock(), fast, other);
    private final ModelHealthTracker tracker = new ModelHealthTracker(breakers, latency);
    private final CircuitBreaker breaker = breakers.forModel(fast);

    private void calls(int ok, int failed) {
        for (int i = 0; i < ok; i++) {
            breaker.acquirePermission();
            breaker.onSuccess(5, TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < failed; i++) {
            breaker.acquirePermission();
            breaker.onError(5, TimeUnit.MILLISECONDS, new GatewayException(ErrorKind.PROVIDER_ERROR, "boom"));
        }
    }

    @Test
    void should_be_healthy_when_nothing_went_wrong() {
        calls(4, 0);
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.HEALTHY);
    }

    @Test
    void should_be_healthy_when_the_model_has_no_breaker() {
        assertThat(tracker.health("unknown")).isEqualTo(ModelHealth.HEALTHY);
    }

    @Test
    void should_be_down_when_the_breaker_is_open() {
        breaker.transitionToOpenState();
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.DOWN);
        breaker.transitionToForcedOpenState();
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.DOWN);
    }

    @Test
    void should_be_degraded_when_the_breaker_is_half_open() {
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.DEGRADED);
    }

    @Test
    void should_be_degraded_when_the_failure_rate_reaches_half_the_threshold_over_the_minimum_calls() {
        calls(3, 1);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.DEGRADED);
    }

    @Test
    void should_stay_healthy_when_failures_are_below_half_the_threshold() {
        calls(5, 1);
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.HEALTHY);
    }

    @Test
    void should_stay_healthy_when_too_few_calls_were_made_to_judge() {
        calls(0, 1);
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.HEALTHY);
    }

    @Test
    void should_be_degraded_when_the_rolling_latency_exceeds_the_budget() {
        latency.record("fast", 900);
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.HEALTHY);
        latency.record("fast", 5_000);
        assertThat(tracker.health("fast")).isEqualTo(ModelHealth.DEGRADED);
    }

    @Test
    void should_list_every_model_when_a_snapshot_is_taken() {
        breaker.transitionToOpenState();
        assertThat(tracker.snapshot()).containsExactly(
                java.util.Map.entry("fast", ModelHealth.DOWN), java.util.Map.entry("other", ModelHealth.HEALTHY));
    }
}
