package dev.caravan.resilience;

import static dev.caravan.resilience.Fixtures.fixedRandom;
import static dev.caravan.resilience.Fixtures.model;
import static dev.caravan.resilience.Fixtures.props;
import static dev.caravan.resilience.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.resilience.Fixtures.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilientCallsTest {

    private final ModelProperties a = model("a");
    private final ModelProperties b = model("b");
    private final MutableClock clock = new MutableClock();
    private final ResilienceProperties props = props();
    private final BreakerRegistry breakers = Fixtures.breakers(props, clock, a, b);
    private final List<Long> sleeps = new ArrayList<>();
    private final List<String> called = new ArrayList<>();
    private final ResilientCalls calls = new ResilientCalls(breakers, sleeps::add);

    private AttemptPlan plan() {
        return AttemptPlan.start(route(a, b), props, breakers, clock, fixedRandom(0.5));
    }

    private GatewayResponse answer(ModelProperties model) {
        called.add(model.id());
        return new GatewayResponse("r", "simulator", model.id(), "hi", "stop", null, null, 0, 1, 0);
    }

    @Test
    void should_retry_back_off_and_fall_back_while_recording_in_the_breakers() {
        AttemptPlan plan = plan();

        GatewayResponse response = calls.execute(plan, model -> {
            if (model == a) {
                called.add("a");
                throw new GatewayException(ErrorKind.PROVIDER_ERROR, "boom");
            }
            return answer(model);
        });

        assertThat(response.model()).isEqualTo("b");
        assertThat(called).containsExactly("a", "a", "b");
        assertThat(sleeps).containsExactly(100L);
        assertThat(plan.summary()).isEqualTo("a:error,a:error,b:ok");
        assertThat(breakers.forModel(a).getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
        assertThat(breakers.forModel(b).getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    }

    @Test
    void should_move_on_when_the_breaker_has_no_trial_call_left() {
        CircuitBreaker breakerA = breakers.forModel(a);
        breakerA.transitionToOpenState();
        breakerA.transitionToHalfOpenState();
        breakerA.tryAcquirePermission();
        breakerA.tryAcquirePermission();
        AttemptPlan plan = plan();

        GatewayResponse response = calls.execute(plan, this::answer);

        assertThat(response.model()).isEqualTo("b");
        assertThat(called).containsExactly("b");
        assertThat(plan.summary()).isEqualTo("a:open,b:ok");
    }

    @Test
    void should_throw_the_final_failure_when_no_attempt_answers() {
        AttemptPlan plan = plan();

        assertThatThrownBy(() -> calls.execute(plan, model -> {
            throw new GatewayException(ErrorKind.PROVIDER_TIMEOUT, "late");
        })).isInstanceOf(GatewayException.class)
                .hasMessage("No model could answer: a:timeout,a:timeout,b:timeout,b:timeout");
    }

    @Test
    void should_stop_at_once_when_the_caller_is_at_fault() {
        GatewayException rejected = new GatewayException(ErrorKind.PROVIDER_REJECTED, "bad request");

        assertThatThrownBy(() -> calls.execute(plan(), model -> {
            throw rejected;
        })).isSameAs(rejected);
        assertThat(breakers.forModel(a).getMetrics().getNumberOfBufferedCalls()).isZero();
    }
}
