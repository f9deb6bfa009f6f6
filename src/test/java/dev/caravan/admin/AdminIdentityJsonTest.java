package dev.caravan.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.identity.ApiKey;
import dev.caravan.identity.CreatedKey;
import dev.caravan.identity.Plan;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminIdentityJsonTest {

    private final AdminIdentityJson json = new AdminIdentityJson();

    private <T> T bind(String body, Class<T> type) {
        return json.bind(json.readObject(body.getBytes(StandardCharsets.UTF_8)), type);
    }

    private GatewayException refusal(String body, Class<?> type) {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> bind(body, type));
        assertThat(e).as(body).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        return e;
    }

    @Test
    void should_bind_snake_case_fields_when_the_body_is_well_formed() {
        PlanRequest plan = bind("""
                {"id": "gold", "name": "Gold", "max_tokens_in": 8000, "max_tokens_out": null,
                 "features": ["tools"], "allowed_tiers": {"quiz": ["small", "medium"]}}""", PlanRequest.class);

        assertThat(plan).isEqualTo(new PlanRequest("gold", "Gold", 8000L, null, List.of("tools"),
                Map.of("quiz", List.of("small", "medium"))));
        assertThat(bind("{\"tenant_id\": \"acme\", \"user_id\": \"a@b.c\"}", KeyRequest.class))
                .isEqualTo(new KeyRequest("acme", "a@b.c", null, null, null));
    }

    @Test
    void should_name_the_field_when_it_is_unknown() {
        GatewayException e = refusal("{\"id\": \"acme\", \"name\": \"Acme\", \"plan\": \"gold\"}", TenantRequest.class);

        assertThat(e.param()).isEqualTo("plan");
        assertThat(e.getMessage()).contains("Unknown field 'plan'").contains("plan_id");
    }

    @Test
    void should_name_the_field_when_its_type_is_wrong() {
        assertThat(refusal("{\"id\": \"gold\", \"name\": \"Gold\", \"max_tokens_in\": \"8000\"}", PlanRequest.class)
                .param()).isEqualTo("max_tokens_in");
        assertThat(refusal("{\"id\": \"gold\", \"name\": \"Gold\", \"max_tokens_in\": 1.5}", PlanRequest.class)
                .getMessage()).isEqualTo("'max_tokens_in' must be an integer.");
        assertThat(refusal("{\"id\": 7, \"name\": \"Gold\"}", PlanRequest.class).getMessage())
                .isEqualTo("'id' must be a string.");
        assertThat(refusal("{\"id\": \"gold\", \"name\": \"Gold\", \"features\": \"tools\"}", PlanRequest.class)
                .getMessage()).isEqualTo("'features' must be an array.");
        assertThat(refusal("{\"id\": \"gold\", \"name\": \"Gold\", \"allowed_tiers\": {\"quiz\": [1]}}",
                PlanRequest.class).param()).startsWith("allowed_tiers.quiz");
    }

    @Test
    void should_refuse_a_body_that_is_not_one_json_object() {
        for (String body : new String[] {"", "nope", "[1]", "null", "{\"id\": \"a\"} {}", "{\"id\": \"a\", \"id\": \"b\"}"}) {
            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> bind(body, TenantRequest.class));
            assertThat(e).as(body).isNotNull();
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        }
    }

    @Test
    void should_write_snake_case_with_iso_instants_and_the_secret_only_when_created() {
        Instant t = Instant.parse("2025-03-14T12:00:00Z");
        ApiKey key = new ApiKey("key_1", "AbCdEfGh", "acme", "alice", null, null, t, null, null, "job");
        String secret = "ck-AbCdEfGh" + "x".repeat(35);

        String listed = new String(json.write(KeyView.of(key)), StandardCharsets.UTF_8);
        String created = new String(json.write(KeyView.created(new CreatedKey(secret, key))), StandardCharsets.UTF_8);
        String plan = new String(json.write(PlanView.of(new Plan("gold", "Gold", 10L, null, Set.of("b", "a"),
                Map.of("quiz", List.of("small")), t))), StandardCharsets.UTF_8);

        assertThat(listed).contains("\"tenant_id\":\"acme\"", "\"prefix\":\"ck-AbCdEfGh…\"",
                "\"created_at\":\"2025-03-14T12:00:00Z\"", "\"revoked_at\":null", "\"status\":\"active\"")
                .doesNotContain("secret");
        assertThat(created).contains("\"secret\":\"" + secret + "\"");
        assertThat(KeyView.created(new CreatedKey(secret, key)).toString()).doesNotContain(secret);
        assertThat(plan).contains("\"max_tokens_in\":10", "\"features\":[\"a\",\"b\"]",
                "\"allowed_tiers\":{\"quiz\":[\"small\"]}");
    }

    @Test
    void should_read_an_object_and_leave_its_fields_for_patch() {
        JsonNode node = json.readObject("{\"plan_id\": null}".getBytes(StandardCharsets.UTF_8));

        assertThat(node.has("plan_id")).isTrue();
        assertThat(json.bind(node, TenantRequest.class).planId()).isNull();
    }
}
