package dev.caravan.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.config.CaravanProperties;
import dev.caravan.provider.TokenCounter;
import dev.caravan.routing.LatencyTracker;
import dev.caravan.routing.ModelCatalog;
import dev.caravan.routing.ModelHealth;
import dev.caravan.routing.ModelHealthView;
import dev.caravan.routing.ModelRouter;
import dev.caravan.routing.RoutingConfiguration;
import dev.caravan.routing.TestModels;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The resilience beans in a minimal Spring context: binding, the health view replacing routing's default, the prober. */
class ResilienceSpringWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(RoutingConfiguration.class, ModelCatalog.class, LatencyTracker.class,
                    TokenCounter.class, ModelRouter.class,
                    ResilienceConfiguration.class, BreakerRegistry.class, ModelHealthTracker.class,
                    HealthProber.class, AttemptPlans.class)
            .withBean(CaravanProperties.class, () -> new CaravanProperties("./data", null, List.of(
                    TestModels.model("sim-small").build(), TestModels.model("sim-large").build())));

    @Test
    void should_replace_the_default_health_view_when_the_context_starts() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(ModelHealthView.class)).hasSize(1);
            assertThat(context.getBean(ModelHealthView.class)).isInstanceOf(ModelHealthTracker.class);

            BreakerRegistry breakers = context.getBean(BreakerRegistry.class);
            assertThat(breakers.beans()).containsOnlyKeys("breaker-sim-small", "breaker-sim-large");
            breakers.forModel("sim-small").transitionToOpenState();
            assertThat(context.getBean(ModelHealthView.class).health("sim-small")).isEqualTo(ModelHealth.DOWN);
            assertThat(context.getBean(HealthProber.class).enabled()).isFalse();
            assertThat(context.getBean(AttemptPlans.class)).isNotNull();
        });
    }

    @Test
    void should_bind_defaults_and_provider_overrides_when_configured() {
        runner.withPropertyValues(
                        "caravan.resilience.defaults.max-retries=2",
                        "caravan.resilience.defaults.wait-in-open-state=30s",
                        "caravan.resilience.providers.simulator.failure-rate-threshold=25",
                        "caravan.resilience.probe-interval=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ResilienceProperties properties = context.getBean(ResilienceProperties.class);
                    assertThat(properties.forProvider("simulator").maxRetries()).isEqualTo(2);
                    assertThat(properties.forProvider("simulator").failureRateThreshold()).isEqualTo(25);
                    assertThat(properties.forProvider("openai").failureRateThreshold()).isEqualTo(50);
                    assertThat(properties.probeInterval()).isEqualTo(Duration.ofSeconds(1));
                    CircuitBreaker breaker = context.getBean(BreakerRegistry.class).forModel("sim-small");
                    assertThat(breaker.getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(25f);
                });
    }

    @Test
    void should_refuse_to_start_when_a_value_is_out_of_range() {
        runner.withPropertyValues("caravan.resilience.defaults.jitter=2").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("jitter");
        });
    }

    @Test
    void should_probe_and_publish_gauges_when_a_probe_and_a_meter_registry_exist() {
        runner.withBean(ModelProbe.class, () -> model -> true)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    HealthProber prober = context.getBean(HealthProber.class);
                    assertThat(prober.enabled()).isTrue();
                    assertThat(prober.isRunning()).isTrue();
                    CircuitBreaker breaker = context.getBean(BreakerRegistry.class).forModel("sim-large");
                    breaker.transitionToOpenState();
                    breaker.transitionToHalfOpenState();
                    prober.probeAll();
                    // the prober's own background sweep may be taking the trial calls right now
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                            .untilAsserted(() -> assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED));
                    assertThat(context.getBean(MeterRegistry.class).get("caravan.breaker.state")
                            .tag("model", "sim-large").gauge().value()).isZero();
                });
    }
}
