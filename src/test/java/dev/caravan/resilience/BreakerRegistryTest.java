package dev.caravan.resilience;

import static dev.caravan.resilience.Fixtures.model;
import static dev.caravan.resilience.Fixtures.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.resilience.Fixtures.MutableClock;
import dev.langchain4j.exception.InvalidRequestException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BreakerRegistryTest {

    private final ModelProperties sim = model("sim-small");
    private final ModelProperties gpt = model("gpt-4o", ProviderType.OPENAI);
    private final MutableClock clock = new MutableClock();

    private static void fail(CircuitBreaker breaker, Throwable error) {
        breaker.acquirePermission();
        breaker.onError(10, TimeUnit.MILLISECONDS, error);
    }

    private static void succeed(CircuitBreaker breaker) {
        breaker.acquirePermission();
        breaker.onSuccess(10, TimeUnit.MILLISECONDS);
    }

    private static GatewayException error(ErrorKind kind) {
        return new GatewayException(kind, kind.code());
    }

    @Test
    void should_open_when_the_failure_rate_reaches_the_threshold_over_the_minimum_calls() {
        BreakerRegistry breakers = Fixtures.breakers(props("defaults.sliding-window-size=4",
                "defaults.minimum-number-of-calls=4"), clock, sim);
        CircuitBreaker breaker = breakers.forModel(sim);

        succeed(breaker);
        succeed(breaker);
        fail(breaker, error(ErrorKind.PROVIDER_ERROR));
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(breaker, new RuntimeException("camel wrapper", error(ErrorKind.PROVIDER_TIMEOUT)));

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"PROVIDER_ERROR", "PROVIDER_TIMEOUT", "PROVIDER_RATE_LIMITED",
            "PROVIDER_AUTH"})
    void should_count_a_failure_when_the_provider_is_at_fault(ErrorKind kind) {
        BreakerRegistry breakers = Fixtures.breakers(props(), clock, sim);
        CircuitBreaker breaker = breakers.forModel(sim);

        fail(breaker, new RuntimeException(new RuntimeException(error(kind))));

        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"PROVIDER_REJECTED", "UNSUPPORTED_PARAMETER", "INVALID_REQUEST",
            "CLIENT_CLOSED"})
    void should_ignore_the_call_when_the_caller_is_at_fault(ErrorKind kind) {
        BreakerRegistry breakers = Fixtures.breakers(props("defaults.sliding-window-size=2",
                "defaults.minimum-number-of-calls=2"), clock, sim);
        CircuitBreaker breaker = breakers.forModel(sim);

        for (int i = 0; i < 5; i++) {
            fail(breaker, new RuntimeException(error(kind)));
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void should_classify_raw_exceptions_when_no_gateway_exception_is_in_the_chain() {
        BreakerRegistry breakers = Fixtures.breakers(props(), clock, sim);
        CircuitBreaker breaker = breakers.forModel(sim);

        fail(breaker, new RuntimeException(new ConnectException("Connection refused")));
        fail(breaker, new java.util.concurrent.TimeoutException());
        fail(breaker, new RuntimeException(new InvalidRequestException("bad request")));

        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(2);
    }

    @Test
    void should_configure_each_breaker_from_its_providers_settings_when_overridden() {
        BreakerRegistry breakers = Fixtures.breakers(props(
                "defaults.failure-rate-threshold=40",
                "providers.openai.failure-rate-threshold=25",
                "providers.openai.sliding-window-size=8",
                "providers.openai.wait-in-open-state=30s"), clock, sim, gpt);

        var simConfig = breakers.forModel("sim-small").getCircuitBreakerConfig();
        var gptConfig = breakers.forModel("gpt-4o").getCircuitBreakerConfig();

        assertThat(simConfig.getFailureRateThreshold()).isEqualTo(40f);
        assertThat(simConfig.getSlidingWindowSize()).isEqualTo(20);
        assertThat(gptConfig.getFailureRateThreshold()).isEqualTo(25f);
        assertThat(gptConfig.getSlidingWindowSize()).isEqualTo(8);
        assertThat(gptConfig.getMinimumNumberOfCalls()).isEqualTo(5);
        assertThat(gptConfig.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
        assertThat(gptConfig.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
        assertThat(gptConfig.getSlidingWindowType())
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
        assertThat(breakers.entry(gpt).settings().waitInOpenState()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void should_name_breakers_by_model_and_list_them_in_catalog_order() {
        BreakerRegistry breakers = Fixtures.breakers(props(), clock, sim, gpt);
        ModelProperties late = model("late");

        breakers.forModel(late);

        assertThat(breakers.forModel("sim-small").getName()).isEqualTo("sim-small");
        assertThat(breakers.all()).containsOnlyKeys("sim-small", "gpt-4o", "late");
        assertThat(breakers.all().keySet()).containsExactly("sim-small", "gpt-4o", "late");
        assertThat(BreakerRegistry.beanName("sim-small")).isEqualTo("breaker-sim-small");
        assertThat(breakers.beans().keySet()).containsExactly("breaker-sim-small", "breaker-gpt-4o", "breaker-late");
        assertThat(breakers.beans().get("breaker-late")).isSameAs(breakers.forModel(late));
        assertThat(breakers.find("nope")).isEmpty();
        assertThatThrownBy(() -> breakers.forModel("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_show_state_and_counts_when_viewed() {
        BreakerRegistry breakers = Fixtures.breakers(props("defaults.minimum-number-of-calls=2",
                "defaults.failure-rate-threshold=60"), clock, sim, gpt);
        CircuitBreaker breaker = breakers.forModel(sim);

        BreakerView before = breakers.views().get(0);
        succeed(breaker);
        fail(breaker, error(ErrorKind.PROVIDER_ERROR));
        breakers.forModel(gpt).transitionToOpenState();
        breakers.forModel(gpt).tryAcquirePermission();
        List<BreakerView> views = breakers.views();

        assertThat(before.failureRate()).as("not enough calls yet").isNull();
        assertThat(views.get(0)).isEqualTo(new BreakerView("sim-small", "simulator", "closed", 50f, 60f, 2, 1, 0));
        assertThat(views.get(1).state()).isEqualTo("open");
        assertThat(views.get(1).provider()).isEqualTo("openai");
        assertThat(views.get(1).notPermittedCalls()).isEqualTo(1);
    }

    @Test
    void should_publish_state_and_failure_rate_gauges_when_a_meter_registry_exists() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BreakerRegistry breakers = new BreakerRegistry(props("defaults.minimum-number-of-calls=1",
                "defaults.failure-rate-threshold=60"), List.of(sim),
                meters, clock);
        CircuitBreaker breaker = breakers.forModel(sim);

        double rateBefore = meters.get("caravan.breaker.failure.rate").tag("model", "sim-small").gauge().value();
        succeed(breaker);
        fail(breaker, error(ErrorKind.PROVIDER_ERROR));

        assertThat(rateBefore).isNaN();
        assertThat(meters.get("caravan.breaker.failure.rate").tag("model", "sim-small").gauge().value()).isEqualTo(50.0);
        assertThat(stateGauge(meters)).isZero();
        breaker.transitionToOpenState();
        assertThat(stateGauge(meters)).isEqualTo(2.0);
        breaker.transitionToHalfOpenState();
        assertThat(stateGauge(meters)).isEqualTo(1.0);
    }

    private static double stateGauge(SimpleMeterRegistry meters) {
        return meters.get("caravan.breaker.state").tags("model", "sim-small", "provider", "simulator").gauge().value();
    }

    @Test
    void should_count_down_the_open_wait_on_its_clock_when_open() {
        BreakerRegistry breakers = Fixtures.breakers(props("defaults.wait-in-open-state=10s"), clock, sim);

        assertThat(breakers.openRemainingMillis("sim-small")).isEqualTo(Long.MAX_VALUE);
        breakers.forModel(sim).transitionToOpenState();
        clock.advanceMillis(4_000);

        assertThat(breakers.openRemainingMillis("sim-small")).isEqualTo(6_000);
        clock.advanceMillis(6_000);
        assertThat(breakers.openRemainingMillis("sim-small")).isZero();
        clock.advanceMillis(1);
        assertThat(breakers.forModel(sim).tryAcquirePermission()).as("the breaker's own clock agrees").isTrue();
        assertThat(breakers.forModel(sim).getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void should_tell_listeners_when_a_breaker_changes_state() {
        BreakerRegistry breakers = Fixtures.breakers(props(), clock, sim);
        List<String> seen = new java.util.ArrayList<>();
        breakers.onStateTransition((entry, t) -> seen.add(entry.model().id() + ":" + t.getToState()));

        breakers.forModel(sim).transitionToOpenState();
        breakers.forModel(sim).transitionToHalfOpenState();

        assertThat(seen).containsExactly("sim-small:OPEN", "sim-small:HALF_OPEN");
    }
}
