package dev.caravan.resilience;

import static dev.caravan.resilience.Fixtures.model;
import static dev.caravan.resilience.Fixtures.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.resilience.Fixtures.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HealthProberTest {

    private final ModelProperties down = model("down");
    private final ModelProperties fine = model("fine");
    private final MutableClock clock = new MutableClock();
    private final BreakerRegistry breakers = Fixtures.breakers(props("defaults.wait-in-open-state=10s",
            "defaults.permitted-calls-in-half-open=2"), clock, down, fine);
    private final CircuitBreaker breaker = breakers.forModel(down);
    private final List<String> probed = new CopyOnWriteArrayList<>();

    private HealthProber prober(ModelProbe probe) {
        return new HealthProber(Duration.ofSeconds(5), breakers, () -> List.of(down, fine), probe);
    }

    private ModelProbe answering(boolean healthy) {
        return model -> {
            probed.add(model.id());
            return healthy;
        };
    }

    private void halfOpen() {
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
    }

    @Test
    void should_close_a_half_open_breaker_when_the_probes_succeed() {
        halfOpen();

        int calls = prober(answering(true)).probeAll();

        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
        assertThat(calls).isEqualTo(2);
        assertThat(probed).containsExactly("down", "down");
    }

    @Test
    void should_reopen_a_half_open_breaker_when_a_probe_fails() {
        halfOpen();

        prober(answering(false)).probeAll();

        assertThat(breaker.getState()).isEqualTo(State.OPEN);
    }

    @Test
    void should_reopen_a_half_open_breaker_when_the_probe_throws() {
        halfOpen();

        prober(model -> {
            throw new GatewayException(ErrorKind.PROVIDER_ERROR, "still down");
        }).probeAll();

        assertThat(breaker.getState()).isEqualTo(State.OPEN);
    }

    @Test
    void should_leave_the_breaker_half_open_when_the_probe_is_refused_as_a_caller_error() {
        halfOpen();

        prober(model -> {
            throw new GatewayException(ErrorKind.PROVIDER_REJECTED, "max_tokens must be at least 16");
        }).probeAll();

        assertThat(breaker.getState()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void should_not_probe_when_breakers_are_closed_or_still_waiting_open() {
        breaker.transitionToOpenState();
        clock.advanceMillis(9_000);

        int calls = prober(answering(true)).probeAll();

        assertThat(calls).isZero();
        assertThat(probed).isEmpty();
        assertThat(breaker.getState()).isEqualTo(State.OPEN);
    }

    @Test
    void should_probe_an_open_breaker_when_its_wait_is_over() {
        breaker.transitionToOpenState();
        clock.advanceMillis(10_000);

        prober(answering(true)).probeAll();

        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
        assertThat(probed).containsExactly("down", "down");
    }

    @Test
    void should_do_nothing_when_no_probe_exists() {
        halfOpen();
        HealthProber prober = prober(null);

        prober.start();
        try {
            assertThat(prober.enabled()).isFalse();
            assertThat(prober.probeAll()).isZero();
            assertThat(breaker.getState()).isEqualTo(State.HALF_OPEN);
        } finally {
            prober.stop();
        }
    }

    @Test
    void should_probe_in_the_background_when_a_breaker_turns_half_open() {
        HealthProber prober = prober(answering(true));
        prober.start();
        try {
            breaker.transitionToOpenState();
            breaker.transitionToHalfOpenState();

            await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == State.CLOSED);
            assertThat(probed).contains("down");
            assertThat(prober.isRunning()).isTrue();
        } finally {
            prober.stop();
        }
        assertThat(prober.isRunning()).isFalse();
    }

    @Test
    void should_stop_probing_when_the_breaker_closes_through_traffic() {
        halfOpen();
        List<String> states = new ArrayList<>();
        HealthProber prober = prober(model -> {
            states.add(breaker.getState().name());
            breaker.transitionToClosedState();
            return true;
        });

        int calls = prober.probeAll();

        assertThat(calls).isEqualTo(1);
        assertThat(states).containsExactly("HALF_OPEN");
    }
}
