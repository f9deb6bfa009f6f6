package dev.caravan.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void should_serve_three_healthy_models_when_nothing_is_configured() {
        // when
        SimulatorProperties properties = new SimulatorProperties(true, null);

        // then
        assertThat(properties.models()).containsOnlyKeys("sim-small", "sim-medium", "sim-large");
        assertThat(properties.models().get("sim-small")).isEqualTo(SimulatedModel.healthy(20, 400));
        assertThat(properties.models().get("sim-medium")).isEqualTo(SimulatedModel.healthy(60, 200));
        assertThat(properties.models().get("sim-large")).isEqualTo(SimulatedModel.healthy(150, 100));
    }

    @Test
    void should_override_only_given_fields_when_a_builtin_model_is_configured() {
        // when
        SimulatorProperties properties = new SimulatorProperties(true, Map.of(
                "sim-small", new SimulatedModel(null, null, Failure.RATE_LIMIT, null, 7, null),
                "flaky", new SimulatedModel(5L, null, Failure.ERROR, 0.25, null, null)));

        // then
        assertThat(properties.models().get("sim-small"))
                .isEqualTo(new SimulatedModel(20L, 400, Failure.RATE_LIMIT, null, 7, 120_000L));
        assertThat(properties.models().get("flaky"))
                .isEqualTo(new SimulatedModel(5L, 0, Failure.ERROR, 0.25, 1, 120_000L));
        assertThat(properties.models()).hasSize(4);
    }

    @Test
    void should_fail_always_when_failure_is_set_and_error_rate_is_not() {
        // given
        SimulatedModel model = new SimulatedModel(0L, 0, Failure.ERROR, null, 1, 1L);

        // then
        assertThat(model.effectiveErrorRate()).isEqualTo(1.0);
        assertThat(model.failureFor(0.0)).isEqualTo(Failure.ERROR);
        assertThat(model.failureFor(0.999)).isEqualTo(Failure.ERROR);
    }

    @Test
    void should_fail_by_the_error_rate_when_one_is_set() {
        // given
        SimulatedModel model = new SimulatedModel(0L, 0, Failure.TIMEOUT, 0.3, 1, 1L);

        // then
        assertThat(model.failureFor(0.29)).isEqualTo(Failure.TIMEOUT);
        assertThat(model.failureFor(0.3)).isEqualTo(Failure.NONE);
        assertThat(SimulatedModel.healthy(1, 1).failureFor(0.0)).isEqualTo(Failure.NONE);
        assertThat(new SimulatedModel(0L, 0, Failure.NONE, 1.0, 1, 1L).failureFor(0.0)).isEqualTo(Failure.NONE);
    }

    @Test
    void should_reject_settings_when_out_of_range() {
        assertThatThrownBy(() -> new SimulatedModel(-1L, null, null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SimulatedModel(null, null, null, 1.5, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Failure.parse("explode")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_parse_failure_names_leniently_when_given_any_case_or_separator() {
        assertThat(Failure.parse("rate-limit")).isEqualTo(Failure.RATE_LIMIT);
        assertThat(Failure.parse("RATE_LIMIT")).isEqualTo(Failure.RATE_LIMIT);
        assertThat(Failure.parse("rateLimit")).isEqualTo(Failure.RATE_LIMIT);
        assertThat(Failure.parse("Timeout")).isEqualTo(Failure.TIMEOUT);
    }

    @Test
    void should_change_only_patched_fields_when_admin_patch_is_applied() {
        // given
        SimulatorRegistry registry = new SimulatorRegistry(SimulatorProperties.defaults());

        // when
        SimulatedModel changed = registry.update("sim-medium", current -> ModelSettingsPatch.apply(
                json("{\"failure\":\"rate-limit\",\"retry-after-seconds\":3,\"error_rate\":0.5}"), current));

        // then
        assertThat(changed).isEqualTo(new SimulatedModel(60L, 200, Failure.RATE_LIMIT, 0.5, 3, 120_000L));
        assertThat(registry.find("sim-medium")).contains(changed);
    }

    @Test
    void should_make_error_rate_automatic_again_when_patched_with_null() {
        // given
        SimulatorRegistry registry = new SimulatorRegistry(SimulatorProperties.defaults());
        registry.update("sim-small", c -> new SimulatedModel(c.latencyMs(), c.tokensPerSecond(), Failure.ERROR, 0.1,
                c.retryAfterSeconds(), c.hangMs()));

        // when
        SimulatedModel changed = registry.update("sim-small",
                current -> ModelSettingsPatch.apply(json("{\"errorRate\":null}"), current));

        // then
        assertThat(changed.errorRate()).isNull();
        assertThat(changed.effectiveErrorRate()).isEqualTo(1.0);
    }

    @Test
    void should_create_the_model_from_base_when_admin_patches_an_unknown_id() {
        // given
        SimulatorRegistry registry = new SimulatorRegistry(SimulatorProperties.defaults());

        // when
        SimulatedModel created = registry.update("sim-new",
                current -> ModelSettingsPatch.apply(json("{\"latencyMs\":5}"), current));

        // then
        assertThat(created).isEqualTo(new SimulatedModel(5L, 0, Failure.NONE, null, 1, 120_000L));
        assertThat(registry.all()).containsKey("sim-new");
    }

    @Test
    void should_leave_the_model_unchanged_when_patch_is_invalid() {
        // given
        SimulatorRegistry registry = new SimulatorRegistry(SimulatorProperties.defaults());

        // then
        for (String bad : new String[] {"{\"latencyMs\":-1}", "{\"failure\":\"boom\"}", "{\"errorRate\":2}",
                "{\"speed\":3}", "{\"tokensPerSecond\":\"fast\"}"}) {
            assertThatThrownBy(() -> registry.update("sim-small",
                    current -> ModelSettingsPatch.apply(json(bad), current)))
                    .as(bad)
                    .isInstanceOfSatisfying(SimulatorApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(registry.find("sim-small")).contains(SimulatedModel.healthy(20, 400));
    }

    @Test
    void should_restore_configured_models_when_reset() {
        // given
        SimulatorRegistry registry = new SimulatorRegistry(SimulatorProperties.defaults());
        registry.update("sim-small", c -> new SimulatedModel(0L, 0, Failure.ERROR, null, 1, 1L));
        registry.update("extra", c -> c);

        // when
        registry.reset();

        // then
        assertThat(registry.all()).isEqualTo(SimulatorProperties.defaults().models());
    }
}
