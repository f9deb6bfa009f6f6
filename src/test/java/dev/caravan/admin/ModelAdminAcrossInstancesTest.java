package dev.caravan.admin;

import static dev.caravan.admin.ModelAdminInstance.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.classify.Sensitivity;
import dev.caravan.config.ModelProperties;
import dev.caravan.routing.ModelStatus;
import dev.caravan.routing.RoutingStrategy;
import dev.caravan.routing.TestRequests;
import dev.caravan.support.TestH2;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database: a change made through one instance's admin API applies there at
 * once and on the other at its next change-feed poll, with nothing but the database between them.
 */
class ModelAdminAcrossInstancesTest {

    static final String SECRETS = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY = "sk-live-" + "Hs7Qm2Xv9Lp4Zr6Tn1Wb8Kc3";

    private final HikariDataSource db = TestH2.migrated("admin_instances");
    private final ModelAdminInstance here = new ModelAdminInstance(db, SECRETS);
    private final ModelAdminInstance there = new ModelAdminInstance(db, SECRETS);

    @AfterEach
    void close() {
        here.close();
        there.close();
        db.close();
    }

    @Test
    void should_disable_a_model_on_the_other_instance_at_its_next_poll() {
        here.models.patch("sim-small", json("{\"enabled\":false,\"priority\":4}"));

        assertThat(here.catalog.find("sim-small").orElseThrow().status()).isEqualTo(ModelStatus.DISABLED);
        assertThat(there.catalog.find("sim-small").orElseThrow().status()).as("not polled yet")
                .isEqualTo(ModelStatus.ENABLED);
        assertThat(there.poll()).isEqualTo(1);
        assertThat(there.catalog.find("sim-small").orElseThrow().status()).isEqualTo(ModelStatus.DISABLED);
        assertThat(there.catalog.find("sim-small").orElseThrow().model().priority()).isEqualTo(4);
        assertThat(there.router.route(TestRequests.chat("auto")).candidates()).extracting(ModelProperties::id)
                .doesNotContain("sim-small");
    }

    @Test
    void should_use_a_stored_provider_key_on_the_other_instance_without_it_ever_being_stored_in_clear() {
        assertThat(there.catalog.find("gpt-test").orElseThrow().status()).isEqualTo(ModelStatus.DISABLED_NO_KEY);

        var view = here.providers.setKey("openai", json("{\"api_key\":\"" + KEY + "\"}"));
        there.poll();

        assertThat(view.apiKey().masked()).isEqualTo("sk-…8Kc3");
        assertThat(view.apiKey().source()).isEqualTo("stored");
        assertThat(view.toString()).doesNotContain(KEY);
        assertThat(there.keys.key("openai")).isEqualTo(KEY);
        assertThat(there.clients.apiKeyOrNull(ModelAdminInstance.GPT)).isEqualTo(KEY);
        assertThat(there.catalog.find("gpt-test").orElseThrow().status()).isEqualTo(ModelStatus.ENABLED);
        String stored = here.keyStore.all().get(0).ciphertext();
        assertThat(stored).doesNotContain(KEY).doesNotContain(KEY.substring(8));

        here.providers.deleteKey("openai");
        there.poll();
        assertThat(there.keys.key("openai")).isNull();
        assertThat(there.catalog.find("gpt-test").orElseThrow().status()).isEqualTo(ModelStatus.DISABLED_NO_KEY);
    }

    @Test
    void should_apply_policy_rules_and_the_default_strategy_on_the_other_instance_at_its_next_poll() {
        here.policy.put(json("{\"rules\":[{\"tenant\":\"acme\",\"sensitivity\":\"public\",\"action\":\"block\"}]}"));
        here.routing.setDefaultStrategy(json("{\"default_strategy\":\"cheap\"}"));
        here.routing.putOverride(json("{\"tenant\":\"acme\",\"prefer_model\":\"sim-large\"}"));
        assertThat(there.policyRules.policy("acme", null, Sensitivity.PUBLIC).blocks()).isFalse();

        assertThat(there.poll()).isEqualTo(3);

        assertThat(there.policyRules.policy("acme", null, Sensitivity.PUBLIC).blocks()).isTrue();
        assertThat(there.policyRules.policy("other", null, Sensitivity.PUBLIC).blocks()).isFalse();
        assertThat(there.router.defaultStrategy()).isEqualTo(RoutingStrategy.COST);
        assertThat(there.overrideStore.find("acme", null)).hasValueSatisfying(o ->
                assertThat(o.preferModel()).isEqualTo("sim-large"));
    }

    @Test
    void should_pick_up_a_change_at_the_next_resync_when_its_announcement_was_missed() {
        here.modelStore.save(new dev.caravan.routing.ModelOverride("sim-large", null, null, 1L, 1L, null, null));
        assertThat(there.poll()).as("written without an announcement").isZero();
        assertThat(there.catalog.find("sim-large").orElseThrow().model().inputPricePer1m()).isEqualTo(3_000_000);

        there.sync.reloadAll();

        assertThat(there.catalog.find("sim-large").orElseThrow().model().inputPricePer1m()).isEqualTo(1);
    }
}
