package dev.caravan.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.classify.PolicyRules.Rule;
import dev.caravan.classify.SecurityProperties.LevelPolicy;
import dev.caravan.classify.secrets.SecretDetectors;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestOptions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyRulesTest {

    private static final Set<SecurityLevel> LOCAL = Set.of(SecurityLevel.LOCAL);
    private static final Set<SecurityLevel> LOCAL_PRIVATE = Set.of(SecurityLevel.LOCAL, SecurityLevel.PRIVATE);
    private static final Set<SecurityLevel> ALL = Set.of(SecurityLevel.values());

    private final PolicyRules rules = new PolicyRules(SecurityProperties.defaultPolicy());

    @Test
    void should_apply_the_configuration_when_there_are_no_rules() {
        assertThat(rules.policy("acme", "quiz", Sensitivity.CONFIDENTIAL))
                .isSameAs(rules.policy(Sensitivity.CONFIDENTIAL))
                .isEqualTo(new LevelPolicy(LOCAL_PRIVATE, PolicyAction.ROUTE));
    }

    @Test
    void should_override_field_by_field_when_a_global_rule_sets_only_the_action() {
        rules.replace(List.of(new Rule(null, null, Sensitivity.CONFIDENTIAL, null, PolicyAction.REDACT)));

        assertThat(rules.policy(Sensitivity.CONFIDENTIAL)).isEqualTo(new LevelPolicy(LOCAL_PRIVATE, PolicyAction.REDACT));
        assertThat(rules.policy("anyone", null, Sensitivity.CONFIDENTIAL).action()).isEqualTo(PolicyAction.REDACT);
        assertThat(rules.policy(Sensitivity.PUBLIC)).isEqualTo(new LevelPolicy(ALL, PolicyAction.ROUTE));
    }

    @Test
    void should_prefer_tenant_and_task_then_tenant_then_task_then_global_when_rules_overlap() {
        rules.replace(List.of(
                new Rule(null, null, Sensitivity.PUBLIC, null, PolicyAction.REDACT),
                new Rule(null, "quiz", Sensitivity.PUBLIC, LOCAL_PRIVATE, null),
                new Rule("acme", null, Sensitivity.PUBLIC, LOCAL, null),
                new Rule("acme", "quiz", Sensitivity.PUBLIC, null, PolicyAction.BLOCK)));

        assertThat(rules.policy("other", null, Sensitivity.PUBLIC)).isEqualTo(new LevelPolicy(ALL, PolicyAction.REDACT));
        assertThat(rules.policy("other", "quiz", Sensitivity.PUBLIC))
                .isEqualTo(new LevelPolicy(LOCAL_PRIVATE, PolicyAction.REDACT));
        assertThat(rules.policy("acme", "flashcards", Sensitivity.PUBLIC))
                .isEqualTo(new LevelPolicy(LOCAL, PolicyAction.REDACT));
        assertThat(rules.policy("acme", "quiz", Sensitivity.PUBLIC)).as("tenant's levels, pair's action")
                .isEqualTo(new LevelPolicy(LOCAL, PolicyAction.BLOCK));
        assertThat(rules.policy(null, null, Sensitivity.PUBLIC)).isEqualTo(new LevelPolicy(ALL, PolicyAction.REDACT));
        assertThat(rules.policy("acme", "quiz", Sensitivity.INTERNAL)).as("other levels untouched")
                .isEqualTo(new LevelPolicy(ALL, PolicyAction.ROUTE));
    }

    @Test
    void should_forget_the_old_rules_when_they_are_replaced() {
        rules.replace(List.of(new Rule("acme", null, Sensitivity.PUBLIC, null, PolicyAction.BLOCK)));
        rules.replace(List.of());

        assertThat(rules.policy("acme", null, Sensitivity.PUBLIC).action()).isEqualTo(PolicyAction.ROUTE);
        assertThat(rules.rules()).isEmpty();
    }

    @Test
    void should_refuse_a_rule_that_changes_nothing_or_allows_no_level() {
        assertThatThrownBy(() -> new Rule("acme", null, Sensitivity.PUBLIC, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rule("acme", null, Sensitivity.PUBLIC, Set.of(), PolicyAction.ROUTE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block");
    }

    @Test
    void should_look_up_the_callers_tenant_and_the_task_when_the_stage_asks_for_a_requests_policy() {
        rules.replace(List.of(new Rule("acme", "LLM2_DRAFT", Sensitivity.RESTRICTED, null, PolicyAction.BLOCK)));
        SecurityStage stage = new SecurityStage(new Classifier(SecretDetectors.all()), rules);
        Classification restricted = stage.classify(request(null, null,
                "deploy with key AKIA" + "Q7XK2M4PLZ6RW3NB secret Zk3+9fQ/Lm2Vx8RtYb7Nw1Cq5Hs4Pd6Ge0Ja2Ku9"));
        assertThat(restricted.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);

        assertThat(stage.policy(request("acme", "LLM2_DRAFT", "x"), restricted).blocks()).isTrue();
        assertThat(stage.policy(request("acme", "quiz", "x"), restricted).blocks()).isFalse();
        assertThat(stage.policy(request(null, "LLM2_DRAFT", "x"), restricted).blocks()).isFalse();
        assertThat(stage.policy(restricted).blocks()).isFalse();
    }

    private static GatewayRequest request(String tenant, String task, String text) {
        return new GatewayRequest("req_1", Channel.REST, new Caller(tenant, null, null, null), task, "auto",
                new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, text, null)), null, null, null, null,
                        null, null, null, null, null, false, false),
                RequestOptions.NONE, Instant.now());
    }
}
