package dev.caravan.admin;

import static dev.caravan.admin.ModelAdminInstance.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.classify.PolicyAction;
import dev.caravan.classify.Sensitivity;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.support.TestH2;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyAdminTest {

    private final HikariDataSource db = TestH2.migrated("policy_admin");
    private final ModelAdminInstance instance = new ModelAdminInstance(db, null);

    @AfterEach
    void close() {
        instance.close();
        db.close();
    }

    @Test
    void should_store_the_rules_and_show_them_with_the_policy_in_effect_for_a_tenant_and_task() {
        instance.policy.put(json("""
                {"rules":[
                  {"sensitivity":"confidential","action":"redact"},
                  {"tenant":"acme","sensitivity":"public","allowed":["local","private"]},
                  {"tenant":"acme","task":"LLM2_DRAFT","sensitivity":"public","action":"block"}]}"""));

        PolicyAdmin.PolicyView view = instance.policy.get("acme", "LLM2_DRAFT");

        assertThat(view.rules()).hasSize(3);
        assertThat(view.configured().get("confidential").action()).isEqualTo("route");
        assertThat(view.effective().get("confidential").action()).isEqualTo("redact");
        assertThat(view.effective().get("public")).isEqualTo(new PolicyAdmin.LevelView(List.of("local", "private"), "block"));
        assertThat(instance.policy.get(null, null).effective().get("public").action()).isEqualTo("route");
        assertThat(instance.policyRules.policy("acme", "LLM2_DRAFT", Sensitivity.PUBLIC).action())
                .isEqualTo(PolicyAction.BLOCK);
        assertThat(instance.policyRules.policy("acme", null, Sensitivity.PUBLIC).allowed())
                .containsExactlyInAnyOrder(SecurityLevel.LOCAL, SecurityLevel.PRIVATE);
    }

    @Test
    void should_remove_every_rule_when_an_empty_list_is_put() {
        instance.policy.put(json("{\"rules\":[{\"sensitivity\":\"public\",\"action\":\"block\"}]}"));

        instance.policy.put(json("{\"rules\":[]}"));

        assertThat(instance.policyRules.rules()).isEmpty();
        assertThat(instance.policyRules.policy(Sensitivity.PUBLIC).blocks()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"rules\":{}}",
            "{\"rules\":[{\"action\":\"block\"}]}",
            "{\"rules\":[{\"sensitivity\":\"secret\",\"action\":\"block\"}]}",
            "{\"rules\":[{\"sensitivity\":\"public\"}]}",
            "{\"rules\":[{\"sensitivity\":\"public\",\"action\":\"drop\"}]}",
            "{\"rules\":[{\"sensitivity\":\"public\",\"allowed\":[]}]}",
            "{\"rules\":[{\"sensitivity\":\"public\",\"allowed\":[\"cloud\"]}]}",
            "{\"rules\":[{\"sensitivity\":\"public\",\"action\":\"block\",\"tenant\":\"*\"}]}",
            "{\"rules\":[{\"sensitivity\":\"public\",\"action\":\"block\",\"colour\":\"red\"}]}",
            "{\"rules\":[{\"sensitivity\":\"public\",\"action\":\"block\"},{\"sensitivity\":\"public\",\"action\":\"route\"}]}"})
    void should_refuse_with_400_and_keep_the_rules_when_a_rule_is_bad(String body) {
        instance.policy.put(json("{\"rules\":[{\"sensitivity\":\"internal\",\"action\":\"redact\"}]}"));

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> instance.policy.put(json(body)));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(instance.policyRules.rules()).hasSize(1);
        assertThat(instance.policy.get(null, null).rules()).hasSize(1);
    }
}
