package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.admin.ModelAdminSync;
import dev.caravan.metering.CostCalculator;
import dev.caravan.metering.MeteringRecorder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The admin API for models, providers, routing and policy against the running gateway: each
 * change is made over HTTP with the admin key and must hold for the very next request. Every
 * test puts back what it changed (the context, and its default models, are shared); an
 * {@code @AfterEach} also clears the override tables as a safety net.
 */
@GatewayTest
class ModelAdminE2ETest extends GatewayHttp {

    static final String ADMIN = "Bearer test-admin-key-0123456789abcdef0123456789";
    /** Looks like an OpenAI key; must never come back in any answer. */
    static final String PROVIDER_KEY = "sk-proj-" + "Zq8Xw2Lm5Nv7Bc3Df6Gh9Jk1Rt4Yu0Pa";

    @Autowired
    ObjectMapper json;
    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ModelAdminSync sync;

    UsageRecords usage;
    String marker;

    @BeforeEach
    void setUp() {
        usage = new UsageRecords(recorder, jdbc);
        marker = "admin-" + UUID.randomUUID();
    }

    @AfterEach
    void restore() {
        jdbc.update("DELETE FROM model_overrides");
        jdbc.update("DELETE FROM provider_keys");
        jdbc.update("DELETE FROM routing_settings");
        jdbc.update("DELETE FROM policy_rules");
        jdbc.update("DELETE FROM routing_overrides WHERE tenant LIKE 'admin-e2e-%'");
        sync.reloadAll();
    }

    @Test
    void should_refuse_with_401_when_the_admin_key_is_wrong_or_missing() throws Exception {
        HttpResponse<String> wrong = send("GET", "/api/admin/models", null, "Bearer not-the-admin-key");
        HttpResponse<String> missing = send("PATCH", "/api/admin/models/sim-small", "{\"enabled\":false}", null);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrong.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(wrong.body()).doesNotContain("not-the-admin-key");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(chat("sim-small", "hello").statusCode()).as("the refused PATCH changed nothing").isEqualTo(200);
    }

    @Test
    void should_list_models_with_configuration_and_live_metrics() throws Exception {
        assertThat(chat("sim-small", marker).statusCode()).isEqualTo(200);

        JsonNode models = admin("GET", "/api/admin/models", null, 200).path("models");

        JsonNode small = find(models, "sim-small");
        assertThat(small.path("status").asText()).isEqualTo("enabled");
        assertThat(small.path("configured").path("input_price_per_1m").asLong()).isEqualTo(100000);
        assertThat(small.path("effective").path("priority").asInt()).isEqualTo(1);
        assertThat(small.has("overrides")).isFalse();
        assertThat(small.path("metrics").path("breaker_state").asText()).isEqualTo("closed");
        assertThat(small.path("metrics").path("health").asText()).isNotEmpty();
        assertThat(small.path("metrics").path("latency_ewma_ms").isNumber()).isTrue();
        assertThat(find(models, "gpt-4o").path("status").asText()).isEqualTo("disabled_no_api_key");
    }

    @Test
    void should_refuse_the_model_and_route_auto_elsewhere_when_it_is_disabled_then_serve_it_again() throws Exception {
        JsonNode disabled = admin("PATCH", "/api/admin/models/sim-small", "{\"enabled\":false}", 200);
        assertThat(disabled.path("status").asText()).isEqualTo("disabled");
        assertThat(disabled.path("overrides").path("enabled").asBoolean(true)).isFalse();

        HttpResponse<String> named = chat("sim-small", marker);
        HttpResponse<String> auto = chat("auto", marker + " hi");

        assertThat(named.statusCode()).isEqualTo(503);
        assertThat(json.readTree(named.body()).path("error").path("code").asText()).isEqualTo("model_unavailable");
        assertThat(named.body()).contains("sim-small").contains("disabled");
        assertThat(auto.statusCode()).as(auto.body()).isEqualTo(200);
        assertThat(auto.headers().firstValue("x-caravan-model")).isPresent().get().isNotEqualTo("sim-small");

        JsonNode enabled = admin("PATCH", "/api/admin/models/sim-small", "{\"enabled\":null}", 200);
        assertThat(enabled.path("status").asText()).isEqualTo("enabled");
        assertThat(enabled.has("overrides")).isFalse();
        assertThat(chat("sim-small", marker).statusCode()).isEqualTo(200);
        HttpResponse<String> autoAgain = chat("auto", marker + " hi again");
        assertThat(autoAgain.headers().firstValue("x-caravan-model")).hasValue("sim-small");
    }

    @Test
    void should_charge_the_new_price_on_the_next_request_when_the_price_changes() throws Exception {
        long input = 7_000_000_000L;
        long output = 9_000_000_000L;
        JsonNode patched = admin("PATCH", "/api/admin/models/sim-medium",
                "{\"input_price_per_1m\":" + input + ",\"output_price_per_1m\":" + output + "}", 200);
        assertThat(patched.path("effective").path("input_price_per_1m").asLong()).isEqualTo(input);
        assertThat(patched.path("configured").path("input_price_per_1m").asLong()).isEqualTo(500000);

        HttpResponse<String> response = chat("sim-medium", marker + " what does a price cost?");

        assertThat(response.statusCode()).isEqualTo(200);
        var record = usage.one(response.headers().firstValue("x-caravan-request-id").orElseThrow());
        long in = ((Number) record.get("INPUT_TOKENS")).longValue();
        long out = ((Number) record.get("OUTPUT_TOKENS")).longValue();
        assertThat(in).isPositive();
        assertThat(((Number) record.get("COST_MICROS")).longValue())
                .isEqualTo(CostCalculator.costMicros(in, out, input, output))
                .isNotEqualTo(CostCalculator.costMicros(in, out, 500000, 1500000));

        admin("PATCH", "/api/admin/models/sim-medium", "{\"input_price_per_1m\":null,\"output_price_per_1m\":null}", 200);
        HttpResponse<String> after = chat("sim-medium", marker + " and now?");
        var restored = usage.one(after.headers().firstValue("x-caravan-request-id").orElseThrow());
        assertThat(((Number) restored.get("COST_MICROS")).longValue()).isEqualTo(CostCalculator.costMicros(
                ((Number) restored.get("INPUT_TOKENS")).longValue(), ((Number) restored.get("OUTPUT_TOKENS")).longValue(),
                500000, 1500000));
    }

    @Test
    void should_answer_400_for_bad_values_and_404_for_an_unknown_model() throws Exception {
        for (String body : new String[] {"{\"priority\":-1}", "{\"priority\":\"high\"}", "{\"enabled\":\"yes\"}",
                "{\"latency_budget_ms\":0}", "{\"input_price\":5}", "{}", "[1]", "{\"enabled\":"}) {
            HttpResponse<String> response = send("PATCH", "/api/admin/models/sim-small", body, ADMIN);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json.readTree(response.body()).path("error").path("type").asText())
                    .isEqualTo("invalid_request_error");
        }
        HttpResponse<String> unknown = send("PATCH", "/api/admin/models/no-such-model", "{\"enabled\":false}", ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/admin/models/no-such-model", null, ADMIN).statusCode()).isEqualTo(404);
        assertThat(admin("GET", "/api/admin/models/sim-small", null, 200).has("overrides")).isFalse();
    }

    @Test
    void should_never_return_a_provider_key_and_refuse_to_store_one_without_a_secrets_key() throws Exception {
        HttpResponse<String> refused = send("PUT", "/api/admin/providers/openai/api-key",
                "{\"api_key\":\"" + PROVIDER_KEY + "\"}", ADMIN);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json.readTree(refused.body()).path("error").path("message").asText()).contains("CARAVAN_SECRETS_KEY");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM provider_keys", Integer.class)).isZero();
        HttpResponse<String> providers = send("GET", "/api/admin/providers", null, ADMIN);
        HttpResponse<String> openaiTest = send("POST", "/api/admin/providers/openai/test", "", ADMIN);
        HttpResponse<String> badJson = send("PUT", "/api/admin/providers/openai/api-key",
                "{\"api_key\":\"" + PROVIDER_KEY + "\"", ADMIN);
        for (HttpResponse<String> r : java.util.List.of(refused, providers, openaiTest, badJson)) {
            assertThat(r.body()).doesNotContain(PROVIDER_KEY).doesNotContain(PROVIDER_KEY.substring(8));
        }
        JsonNode openai = find(json.readTree(providers.body()).path("providers"), "openai");
        assertThat(openai.path("api_key").path("set").asBoolean(true)).isFalse();
        assertThat(openai.path("models").toString()).contains("gpt-4o-mini");
        assertThat(json.readTree(openaiTest.body()).path("ok").asBoolean(true)).isFalse();
        assertThat(json.readTree(openaiTest.body()).path("error_code").asText()).isEqualTo("no_api_key");
        assertThat(badJson.statusCode()).isEqualTo(400);
    }

    @Test
    void should_report_latency_when_testing_a_reachable_provider() throws Exception {
        JsonNode result = admin("POST", "/api/admin/providers/simulator/test", "", 200);

        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("model").asText()).startsWith("sim-");
        assertThat(result.path("latency_ms").isNumber()).isTrue();
        assertThat(send("POST", "/api/admin/providers/nope/test", "", ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void should_route_by_the_new_default_strategy_on_the_next_request_when_it_changes() throws Exception {
        assertThat(admin("GET", "/api/admin/routing/default-strategy", null, 200).path("default_strategy").asText())
                .isEqualTo("balanced");

        JsonNode set = admin("PUT", "/api/admin/routing/default-strategy", "{\"default_strategy\":\"quality\"}", 200);
        HttpResponse<String> quality = chat("auto", marker + " hi there");

        assertThat(set.path("default_strategy").asText()).isEqualTo("quality");
        assertThat(set.path("overridden").asBoolean()).isTrue();
        assertThat(quality.headers().firstValue("x-caravan-route")).hasValueSatisfying(r -> assertThat(r)
                .startsWith("quality:").contains("via=default"));
        assertThat(quality.headers().firstValue("x-caravan-model")).hasValue("sim-large");

        admin("PUT", "/api/admin/routing/default-strategy", "{\"default_strategy\":null}", 200);
        assertThat(chat("auto", marker + " hi again").headers().firstValue("x-caravan-route"))
                .hasValueSatisfying(r -> assertThat(r).startsWith("balanced:"));
        assertThat(send("PUT", "/api/admin/routing/default-strategy", "{\"default_strategy\":\"fastest\"}", ADMIN)
                .statusCode()).isEqualTo(400);
    }

    @Test
    void should_create_list_and_delete_a_customer_override() throws Exception {
        String tenant = "admin-e2e-" + UUID.randomUUID();

        JsonNode saved = admin("PUT", "/api/admin/routing/overrides",
                "{\"tenant\":\"" + tenant + "\",\"service\":\"billing\",\"strategy\":\"cheap\",\"prefer_model\":\"sim-medium\"}", 200);
        JsonNode listed = admin("GET", "/api/admin/routing/overrides", null, 200).path("overrides");

        assertThat(saved.path("strategy").asText()).isEqualTo("cost");
        assertThat(listed).anySatisfy(o -> {
            assertThat(o.path("tenant").asText()).isEqualTo(tenant);
            assertThat(o.path("service").asText()).isEqualTo("billing");
            assertThat(o.path("prefer_model").asText()).isEqualTo("sim-medium");
        });
        assertThat(send("PUT", "/api/admin/routing/overrides", "{\"tenant\":\"" + tenant + "\",\"prefer_model\":\"nope\"}",
                ADMIN).statusCode()).isEqualTo(400);

        admin("DELETE", "/api/admin/routing/overrides?tenant=" + tenant + "&service=billing", null, 200);
        assertThat(admin("GET", "/api/admin/routing/overrides", null, 200).path("overrides"))
                .noneSatisfy(o -> assertThat(o.path("tenant").asText()).isEqualTo(tenant));
        assertThat(send("DELETE", "/api/admin/routing/overrides?tenant=" + tenant + "&service=billing", null, ADMIN)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void should_block_restricted_prompts_on_the_next_request_when_a_policy_rule_says_so() throws Exception {
        String prompt = marker + " deploy with key " + SecurityRoutingE2ETest.AWS_KEY + " secret "
                + SecurityRoutingE2ETest.AWS_SECRET;
        assertThat(chat("auto", prompt).statusCode()).as("configured: restricted is routed to local models").isEqualTo(200);

        JsonNode policy = admin("PUT", "/api/admin/policy",
                "{\"rules\":[{\"sensitivity\":\"restricted\",\"action\":\"block\"},"
                        + "{\"tenant\":\"admin-e2e-acme\",\"sensitivity\":\"public\",\"allowed\":[\"local\"]}]}", 200);
        HttpResponse<String> blocked = chat("auto", prompt + " again");

        assertThat(policy.path("effective").path("restricted").path("action").asText()).isEqualTo("block");
        assertThat(policy.path("rules")).hasSize(2);
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(json.readTree(blocked.body()).path("error").path("code").asText()).isEqualTo("sensitive_content_blocked");
        JsonNode forTenant = admin("GET", "/api/admin/policy?tenant=admin-e2e-acme", null, 200);
        assertThat(forTenant.path("effective").path("public").path("allowed").toString()).isEqualTo("[\"local\"]");
        assertThat(forTenant.path("configured").path("public").path("allowed")).hasSize(3);

        admin("PUT", "/api/admin/policy", "{\"rules\":[]}", 200);
        assertThat(chat("auto", prompt + " once more").statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/admin/policy", "{\"rules\":[{\"sensitivity\":\"secret\",\"action\":\"block\"}]}",
                ADMIN).statusCode()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode admin(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(method, path, body, ADMIN);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Authorization")).isEmpty();
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(String model, String prompt) throws Exception {
        String body = json.writeValueAsString(java.util.Map.of("model", model,
                "messages", java.util.List.of(java.util.Map.of("role", "user", "content", prompt))));
        return post("/v1/chat/completions", body, "x-caravan-cache", "false");
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode node : array) {
            if (id.equals(node.path("id").asText())) {
                return node;
            }
        }
        throw new AssertionError("no entry '" + id + "' in " + array);
    }
}
