package dev.caravan.admin;

import static dev.caravan.admin.ModelAdminInstance.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.routing.ModelStatus;
import dev.caravan.support.TestH2;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderAdminTest {

    static final String KEY = "sk-proj-" + "Vb6Nc2Xq8Lm4Zt1Rw9Ks3Pd7";
    static final String SECRETS = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String OTHER_SECRETS = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    private final HikariDataSource db = TestH2.migrated("provider_admin");

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void should_refuse_with_409_and_store_nothing_when_no_secrets_key_is_configured() {
        try (ModelAdminInstance instance = new ModelAdminInstance(db, null)) {
            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> instance.providers.setKey("openai", json("{\"api_key\":\"" + KEY + "\"}")));

            assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
            assertThat(e.getMessage()).contains("CARAVAN_SECRETS_KEY").doesNotContain(KEY);
            assertThat(instance.keyStore.all()).isEmpty();
        }
    }

    @Test
    void should_show_a_set_key_only_masked_in_every_view() {
        try (ModelAdminInstance instance = new ModelAdminInstance(db, SECRETS)) {
            instance.providers.setKey("openai", json("{\"api_key\":\"" + KEY + "\"}"));

            var openai = instance.providers.list().stream().filter(p -> p.id().equals("openai")).findFirst().orElseThrow();
            assertThat(openai.apiKey().set()).isTrue();
            assertThat(openai.apiKey().masked()).isEqualTo("sk-…3Pd7");
            assertThat(openai.models()).containsExactly("gpt-test");
            assertThat(openai.apiKeyEnv()).containsExactly("TEST_KEY_NOT_SET");
            assertThat(instance.providers.list().toString()).doesNotContain(KEY).doesNotContain(KEY.substring(3, 20));
            assertThat(instance.keyStore.all().toString()).doesNotContain(KEY);
            assertThat(instance.catalog.find("gpt-test").orElseThrow().status()).isEqualTo(ModelStatus.ENABLED);
        }
    }

    @Test
    void should_ignore_a_stored_key_when_this_instance_has_another_secrets_key() {
        try (ModelAdminInstance writer = new ModelAdminInstance(db, SECRETS);
             ModelAdminInstance misconfigured = new ModelAdminInstance(db, OTHER_SECRETS)) {
            writer.providers.setKey("openai", json("{\"api_key\":\"" + KEY + "\"}"));
            misconfigured.poll();

            assertThat(misconfigured.keys.key("openai")).isNull();
            assertThat(misconfigured.catalog.find("gpt-test").orElseThrow().status()).isEqualTo(ModelStatus.DISABLED_NO_KEY);
            var view = misconfigured.providers.get("openai");
            assertThat(view.apiKey().source()).isEqualTo("stored_unreadable");
        }
    }

    @Test
    void should_refuse_bad_keys_and_providers_without_keys_or_unknown_ones() {
        try (ModelAdminInstance instance = new ModelAdminInstance(db, SECRETS)) {
            for (String body : new String[] {"{\"api_key\":\"\"}", "{\"api_key\":\"has space inside\"}",
                    "{\"api_key\":42}", "{}", "{\"key\":\"" + KEY + "\"}"}) {
                GatewayException e = catchThrowableOfType(GatewayException.class,
                        () -> instance.providers.setKey("openai", json(body)));
                assertThat(e.kind()).as(body).isEqualTo(ErrorKind.INVALID_REQUEST);
                assertThat(e.getMessage()).doesNotContain(KEY);
            }
            assertThat(catchThrowableOfType(GatewayException.class, () -> instance.providers
                    .setKey("simulator", json("{\"api_key\":\"" + KEY + "\"}"))).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(catchThrowableOfType(GatewayException.class, () -> instance.providers
                    .setKey("anthropic", json("{\"api_key\":\"" + KEY + "\"}"))).kind()).as("no declared model uses it")
                    .isEqualTo(ErrorKind.NOT_FOUND);
            assertThat(catchThrowableOfType(GatewayException.class, () -> instance.providers.deleteKey("openai")).kind())
                    .isEqualTo(ErrorKind.NOT_FOUND);
            assertThat(instance.keyStore.all()).isEmpty();
        }
    }

    @Test
    void should_report_a_failed_connection_test_without_the_key_in_its_text() {
        try (ModelAdminInstance instance = new ModelAdminInstance(db, SECRETS)) {
            var noKey = instance.providers.test("openai");
            assertThat(noKey.ok()).isFalse();
            assertThat(noKey.errorCode()).isEqualTo("no_api_key");

            instance.providers.setKey("openai", json("{\"api_key\":\"" + KEY + "\"}"));
            var unreachable = instance.providers.test("openai"); // base URL 127.0.0.1:9: nothing listens

            assertThat(unreachable.ok()).isFalse();
            assertThat(unreachable.model()).isEqualTo("gpt-test");
            assertThat(unreachable.latencyMs()).isNotNull();
            assertThat(unreachable.error()).isNotBlank().doesNotContain(KEY);
        }
    }

    @Test
    void should_mask_the_key_and_credential_lookalikes_when_error_text_contains_them() {
        try (ModelAdminInstance instance = new ModelAdminInstance(db, SECRETS)) {
            instance.providers.setKey("openai", json("{\"api_key\":\"" + KEY + "\"}"));

            String scrubbed = instance.providers.scrub("Incorrect API key provided: " + KEY
                    + "; also AKIA" + "Q7XK2M4PLZ6RW3NB", ModelAdminInstance.GPT);

            assertThat(scrubbed).doesNotContain(KEY).doesNotContain("AKIA" + "Q7XK2M4PLZ6RW3NB")
                    .startsWith("Incorrect API key provided:");
        }
    }

    @Test
    void should_mask_to_prefix_and_last_four_and_hide_short_keys_entirely() {
        assertThat(ProviderAdmin.mask("sk-abcdefghijklmnop1234")).isEqualTo("sk-…1234");
        assertThat(ProviderAdmin.mask("short-key")).isEqualTo("…");
    }
}
