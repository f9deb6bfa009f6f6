package dev.caravan.admin;

import static dev.caravan.admin.ModelAdminInstance.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.routing.ModelOverride;
import dev.caravan.support.TestH2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelAdminTest {

    private final HikariDataSource db = TestH2.migrated("model_admin");
    private final ModelAdminInstance instance = new ModelAdminInstance(db, null);
    private final ModelAdmin admin = instance.models;

    @AfterEach
    void close() {
        instance.close();
        db.close();
    }

    @Test
    void should_store_and_apply_only_the_fields_sent_when_a_model_is_patched() {
        admin.patch("sim-large", json("{\"priority\":0,\"output_price_per_1m\":5}"));
        ModelAdmin.ModelView view = admin.patch("sim-large", json("{\"latency_budget_ms\":900}"));

        assertThat(view.overrides()).isNotNull();
        assertThat(view.overrides().priority()).isZero();
        assertThat(view.overrides().outputPricePer1m()).isEqualTo(5);
        assertThat(view.overrides().latencyBudgetMs()).isEqualTo(900);
        assertThat(view.overrides().inputPricePer1m()).isNull();
        assertThat(view.overrides().updatedAt()).isNotNull();
        assertThat(view.effective()).isEqualTo(new ModelAdmin.Settings(true, 0, 3_000_000, 5, 900));
        assertThat(view.configured()).isEqualTo(new ModelAdmin.Settings(true, 3, 3_000_000, 12_000_000, 5000));
        assertThat(instance.modelStore.find("sim-large")).hasValueSatisfying(o ->
                assertThat(o.priority()).isZero());
    }

    @Test
    void should_go_back_to_configuration_field_by_field_when_null_is_sent() {
        admin.patch("sim-small", json("{\"enabled\":false,\"priority\":8}"));

        ModelAdmin.ModelView view = admin.patch("sim-small", json("{\"enabled\":null}"));

        assertThat(view.status()).isEqualTo("enabled");
        assertThat(view.effective().priority()).isEqualTo(8);
        ModelAdmin.ModelView cleared = admin.patch("sim-small", json("{\"priority\":null}"));
        assertThat(cleared.overrides()).isNull();
        assertThat(instance.modelStore.all()).as("an empty override leaves no row").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"priority\":-1}", "{\"priority\":1.5}", "{\"priority\":\"1\"}", "{\"enabled\":1}",
            "{\"latency_budget_ms\":0}", "{\"input_price_per_1m\":-5}", "{\"output_price_per_1m\":1e30}",
            "{\"colour\":\"red\"}", "{}"})
    void should_refuse_with_400_and_change_nothing_when_a_value_is_bad(String body) {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> admin.patch("sim-small", json(body)));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(instance.modelStore.all()).isEmpty();
    }

    @Test
    void should_answer_404_when_the_model_is_not_declared() {
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> admin.patch("gpt-9", json("{\"enabled\":true}")));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(catchThrowableOfType(GatewayException.class, () -> admin.get("gpt-9")).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void should_list_every_declared_model_with_status_and_latency_when_measured() {
        instance.latency.record("sim-small", 40);
        instance.modelStore.save(new ModelOverride("gpt-test", false, null, null, null, null, null));
        admin.reload();

        var list = admin.list();

        assertThat(list).extracting(ModelAdmin.ModelView::id).containsExactly("sim-small", "sim-large", "gpt-test");
        assertThat(list.get(0).metrics().latencyEwmaMs()).isEqualTo(40);
        assertThat(list.get(1).metrics().latencyEwmaMs()).isNull();
        assertThat(list.get(2).status()).isEqualTo("disabled");
    }
}
