package dev.caravan.resilience;

import static dev.caravan.resilience.Fixtures.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.resilience.ResilienceProperties.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResiliencePropertiesTest {

    @Test
    void should_resolve_the_built_in_values_when_nothing_is_configured() {
        ResilienceProperties properties = props();
        Settings s = properties.forProvider("simulator");

        assertThat(s).isEqualTo(Settings.BUILT_IN);
        assertThat(s.failureRateThreshold()).isEqualTo(50);
        assertThat(s.slidingWindowSize()).isEqualTo(20);
        assertThat(s.minimumNumberOfCalls()).isEqualTo(5);
        assertThat(s.waitInOpenState()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.permittedCallsInHalfOpen()).isEqualTo(2);
        assertThat(s.maxRetries()).isEqualTo(1);
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.backoffMultiplier()).isEqualTo(2.0);
        assertThat(s.jitter()).isEqualTo(0.5);
        assertThat(s.maxRetryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.maxAttempts()).isEqualTo(4);
        assertThat(s.deadline()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.firstTokenTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.totalTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ResilienceProperties.builtIn().forProvider(null)).isEqualTo(Settings.BUILT_IN);
    }

    @Test
    void should_inherit_unset_fields_when_a_provider_overrides_some() {
        ResilienceProperties properties = props(
                "defaults.max-retries=2",
                "defaults.deadline=45s",
                "providers.openai.max-retries=0",
                "providers.openai.total-timeout=120s",
                "providers.ollama.failure-rate-threshold=80",
                "probe-interval=2s");

        Settings openai = properties.forProvider("openai");
        Settings ollama = properties.forProvider("ollama");
        Settings simulator = properties.forProvider("simulator");

        assertThat(openai.maxRetries()).isZero();
        assertThat(openai.totalTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(openai.deadline()).as("from defaults").isEqualTo(Duration.ofSeconds(45));
        assertThat(openai.jitter()).as("built in").isEqualTo(0.5);
        assertThat(ollama.failureRateThreshold()).isEqualTo(80);
        assertThat(ollama.maxRetries()).isEqualTo(2);
        assertThat(simulator.maxRetries()).isEqualTo(2);
        assertThat(simulator.totalTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.forProvider("OpenAI")).isEqualTo(openai);
        assertThat(properties.forProvider("nobody")).isEqualTo(simulator);
        assertThat(properties.probeInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void should_refuse_a_provider_that_does_not_exist_when_bound() {
        assertThatThrownBy(() -> props("providers.opneai.max-retries=0"))
                .rootCause().hasMessageContaining("'opneai' is not a provider").hasMessageContaining("openai");
    }

    @Test
    void should_refuse_inconsistent_values_and_name_where_they_are() {
        assertThatThrownBy(() -> props("providers.anthropic.initial-backoff=5s"))
                .rootCause().hasMessageContaining("caravan.resilience.providers.anthropic")
                .hasMessageContaining("max-backoff");
        assertThatThrownBy(() -> props("defaults.jitter=1.5"))
                .rootCause().hasMessageContaining("caravan.resilience.defaults").hasMessageContaining("jitter");
        assertThatThrownBy(() -> props("defaults.max-attempts=0"))
                .rootCause().hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> props("defaults.deadline=0s"))
                .rootCause().hasMessageContaining("deadline");
    }
}
