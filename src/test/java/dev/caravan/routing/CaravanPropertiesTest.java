package dev.caravan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.config.Capability;
import dev.caravan.config.CaravanProperties;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Lives with the routing tests because the catalog relies on model ids being unique. */
class CaravanPropertiesTest {

    private static ModelProperties model(String id) {
        return TestModels.model(id).build();
    }

    @Test
    void should_refuse_the_configuration_when_a_model_id_is_declared_twice() {
        assertThatThrownBy(() -> new CaravanProperties("./data", null, List.of(model("a"), model("b"), model("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("twice");
    }

    @Test
    void should_default_the_request_size_limit_when_none_is_configured() {
        var properties = new CaravanProperties("./data", null, List.of(model("a"), model("b")));

        assertThat(properties.maxRequestSize()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(properties.models()).extracting(ModelProperties::id).containsExactly("a", "b");
    }

    @Test
    void should_fill_model_defaults_when_optional_fields_are_missing() {
        ModelProperties m = model("sim-small");

        assertThat(m.upstreamModel()).isEqualTo("sim-small");
        assertThat(m.capabilities()).containsExactly(Capability.TEXT);
        assertThat(m.enabled()).isTrue();
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void should_keep_given_values_when_optional_fields_are_set() {
        var m = TestModels.model("x").provider(ProviderType.OPENAI).upstreamModel("gpt-4o-mini").apiKeyEnv("K")
                .capabilities(Capability.TEXT, Capability.VISION).securityLevel(SecurityLevel.PUBLIC).enabled(false)
                .timeout(Duration.ofSeconds(5)).build();

        assertThat(m.upstreamModel()).isEqualTo("gpt-4o-mini");
        assertThat(m.has(Capability.VISION)).isTrue();
        assertThat(m.has(Capability.EMBEDDING)).isFalse();
        assertThat(m.enabled()).isFalse();
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(5));
    }
}
