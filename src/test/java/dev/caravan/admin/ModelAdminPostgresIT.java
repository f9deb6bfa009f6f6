package dev.caravan.admin;

import static dev.caravan.admin.ModelAdminInstance.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.classify.PolicyAction;
import dev.caravan.classify.Sensitivity;
import dev.caravan.routing.ModelStatus;
import dev.caravan.routing.RoutingStrategy;
import dev.caravan.support.TestPostgres;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin tables and their SQL on a real PostgreSQL, with two instances sharing it. */
class ModelAdminPostgresIT {

    static final String SECRETS = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY = "sk-live-" + "Qp3Lx8Mv2Nz6Rt9Wc4Ys1Kb7";

    private final TestPostgres postgres = TestPostgres.migrated("admin_models");
    private final HikariDataSource pool = postgres.pool(4);
    private final ModelAdminInstance here = new ModelAdminInstance(pool, SECRETS);
    private final ModelAdminInstance there = new ModelAdminInstance(pool, SECRETS);

    @AfterEach
    void close() {
        here.close();
        there.close();
        pool.close();
        postgres.dropSchema();
    }

    @Test
    void should_store_every_kind_of_change_and_apply_it_on_the_other_instance() {
        here.models.patch("sim-small", json("{\"enabled\":false,\"input_price_per_1m\":7}"));
        here.models.patch("sim-small", json("{\"input_price_per_1m\":null}"));
        here.providers.setKey("openai", json("{\"api_key\":\"" + KEY + "\"}"));
        here.providers.setKey("openai", json("{\"api_key\":\"" + KEY + "x\"}"));
        here.policy.put(json("{\"rules\":[{\"tenant\":\"acme\",\"task\":\"quiz\",\"sensitivity\":\"internal\","
                + "\"allowed\":[\"local\"],\"action\":\"redact\"},{\"sensitivity\":\"public\",\"action\":\"block\"}]}"));
        here.routing.setDefaultStrategy(json("{\"default_strategy\":\"quality\"}"));
        here.routing.putOverride(json("{\"tenant\":\"acme\",\"strategy\":\"cost\"}"));
        here.routing.putOverride(json("{\"tenant\":\"acme\",\"strategy\":\"latency\"}"));

        assertThat(there.poll()).isEqualTo(8);

        var small = there.catalog.find("sim-small").orElseThrow();
        assertThat(small.status()).isEqualTo(ModelStatus.DISABLED);
        assertThat(small.model().inputPricePer1m()).isEqualTo(100_000);
        assertThat(there.keys.key("openai")).isEqualTo(KEY + "x");
        assertThat(there.catalog.find("gpt-test").orElseThrow().status()).isEqualTo(ModelStatus.ENABLED);
        assertThat(there.policyRules.policy("acme", "quiz", Sensitivity.INTERNAL).action()).isEqualTo(PolicyAction.REDACT);
        assertThat(there.policyRules.policy(Sensitivity.PUBLIC).blocks()).isTrue();
        assertThat(there.router.defaultStrategy()).isEqualTo(RoutingStrategy.QUALITY);
        assertThat(there.routing.overrides()).containsExactly(
                new RoutingAdmin.OverrideView("acme", null, "latency", null, null));

        here.models.patch("sim-small", json("{\"enabled\":null}"));
        here.providers.deleteKey("openai");
        here.routing.setDefaultStrategy(json("{\"default_strategy\":null}"));
        here.routing.deleteOverride("acme", null);
        there.poll();
        assertThat(there.catalog.find("sim-small").orElseThrow().status()).isEqualTo(ModelStatus.ENABLED);
        assertThat(there.modelStore.all()).isEmpty();
        assertThat(there.keys.key("openai")).isNull();
        assertThat(there.router.defaultStrategy()).isEqualTo(RoutingStrategy.BALANCED);
        assertThat(there.routing.overrides()).isEmpty();
    }
}
