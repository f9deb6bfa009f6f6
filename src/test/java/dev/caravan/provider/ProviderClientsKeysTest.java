package dev.caravan.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.resilience.ResilienceProperties;
import dev.caravan.routing.TestModels;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Keys stored through the admin API win over the environment, and a changed key yields a new client. */
class ProviderClientsKeysTest {

    private static final ModelProperties GPT = TestModels.model("gpt-test").provider(ProviderType.OPENAI)
            .apiKeyEnv("TEST_OPENAI_KEY").baseUrl("http://127.0.0.1:9/v1").build();
    private static final ModelProperties MISTRAL = TestModels.model("mistral-test").provider(ProviderType.MISTRAL)
            .apiKeyEnv("TEST_MISTRAL_KEY").baseUrl("http://127.0.0.1:9/v1").build();

    private final ProviderKeys keys = new ProviderKeys();
    private final ProviderClients clients = new ProviderClients(
            new MockEnvironment().withProperty("TEST_OPENAI_KEY", "env-key-0123456789abcdef"),
            new SimulatorAddress(""), ResilienceProperties.builtIn(), keys);

    @Test
    void should_use_the_stored_key_before_the_environment_and_fall_back_when_it_is_removed() {
        assertThat(clients.apiKeyOrNull(GPT)).isEqualTo("env-key-0123456789abcdef");
        assertThat(clients.apiKeyOrNull(MISTRAL)).isNull();

        keys.replace(Map.of("openai", "stored-key-0123456789abcdef"));
        assertThat(clients.apiKeyOrNull(GPT)).isEqualTo("stored-key-0123456789abcdef");

        keys.replace(Map.of());
        assertThat(clients.apiKeyOrNull(GPT)).isEqualTo("env-key-0123456789abcdef");
    }

    @Test
    void should_build_a_new_client_only_when_the_providers_key_changes() {
        var first = clients.chat(GPT);
        var firstStream = clients.streaming(GPT);
        assertThat(clients.chat(GPT)).isSameAs(first);

        keys.replace(Map.of("openai", "stored-key-0123456789abcdef"));
        var second = clients.chat(GPT);
        assertThat(second).isNotSameAs(first);
        assertThat(clients.streaming(GPT)).isNotSameAs(firstStream);

        keys.replace(Map.of("openai", "stored-key-0123456789abcdef", "mistral", "mistral-key-0123456789"));
        assertThat(clients.chat(GPT)).as("same key, other provider changed").isSameAs(second);

        keys.replace(Map.of("mistral", "mistral-key-0123456789"));
        assertThat(clients.chat(GPT)).as("back to the environment's key").isNotSameAs(second);
    }

    @Test
    void should_keep_the_version_of_a_key_that_did_not_change() {
        keys.replace(Map.of("openai", "a-key"));
        long version = keys.version("openai");

        keys.replace(Map.of("openai", "a-key", "mistral", "b-key"));

        assertThat(keys.version("openai")).isEqualTo(version).isNotEqualTo(ProviderKeys.NONE);
        assertThat(keys.version("gemini")).isEqualTo(ProviderKeys.NONE);
        assertThat(keys.providers()).containsExactlyInAnyOrder("openai", "mistral");
    }
}
