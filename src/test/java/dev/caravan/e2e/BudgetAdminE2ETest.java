package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.PlanStore;
import dev.caravan.identity.TenantStore;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.support.TestKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Budgets managed through {@code /api/admin/budgets} on the running gateway: set, used up (429
 * {@code budget_exceeded}), raised, lowered and deleted while a tenant's key keeps calling, each
 * change applying from the very next request; and the API's errors. The tenant is unique to the
 * run (the context is shared) and every stored budget is deleted afterwards.
 */
@GatewayTest
class BudgetAdminE2ETest extends GatewayHttp {

    static final String ADMIN = "Bearer test-admin-key-0123456789abcdef0123456789";
    static final String PROMPT = "Name three rivers of Europe.";
    /** application-test.yaml: a configured daily budget of this tenant. */
    static final String CONFIGURED_TENANT = "gov-budget-ten";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    PlanStore plans;
    @Autowired
    TenantStore tenants;
    @Autowired
    ApiKeyStore keyStore;
    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;

    private final String tenant = "budget-admin-" + UUID.randomUUID().toString().substring(0, 8);
    private TestKeys keys;

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    @BeforeEach
    void setUp() {
        keys = new TestKeys(plans, tenants, keyStore);
    }

    @AfterEach
    void removeStoredBudgets() throws Exception {
        send("DELETE", "/api/admin/budgets/tenant/" + tenant + "/day", null, ADMIN);
    }

    @Test
    void should_refuse_with_429_once_an_admin_set_budget_is_used_up_then_pass_when_raised_and_when_deleted()
            throws Exception {
        // given: a key of the tenant, and what one of its requests costs in tokens (on a tenant without budget)
        String secret = keys.key(tenant);
        long perRequest = tokens(chat(keys.key(tenant + "-probe")));

        // when: room for two requests
        Reply created = putBudget(2 * perRequest);

        // then: one or two pass (the reservation is an estimate), then 429 budget_exceeded
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("source").asText()).isEqualTo("stored");
        List<HttpResponse<String>> replies = new ArrayList<>();
        for (int i = 0; i < 4 && (replies.isEmpty() || replies.get(replies.size() - 1).statusCode() == 200); i++) {
            replies.add(chat(secret));
        }
        HttpResponse<String> refused = replies.get(replies.size() - 1);
        assertThat(replies.get(0).statusCode()).isEqualTo(200);
        assertThat(replies).hasSizeBetween(2, 3);
        assertRefusedByBudget(refused);
        long passed = replies.size() - 1;
        JsonNode listed = listed(tenant);
        assertThat(listed.path("usage").path("used_tokens").asLong()).isEqualTo(passed * perRequest);
        assertThat(listed.path("usage").path("reserved_tokens").asLong()).isZero();

        // when / then: raised, the next request passes
        Reply raised = putBudget(100 * perRequest);
        assertThat(raised.status()).isEqualTo(200);
        assertThat(raised.body().path("max_tokens").asLong()).isEqualTo(100 * perRequest);
        assertThat(raised.body().path("usage").path("used_tokens").asLong()).as("the period's usage is kept")
                .isEqualTo(passed * perRequest);
        assertThat(chat(secret).statusCode()).isEqualTo(200);

        // when / then: lowered below what was used, refused again
        putBudget(1);
        assertRefusedByBudget(chat(secret));

        // when / then: deleted, no budget applies any more
        Reply deleted = send("DELETE", "/api/admin/budgets/tenant/" + tenant + "/day", null, ADMIN);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("deleted").asBoolean()).isTrue();
        assertThat(deleted.body().path("configured").isNull()).isTrue();
        assertThat(listed(tenant)).isNull();
        HttpResponse<String> unlimited = chat(secret);
        assertThat(unlimited.statusCode()).isEqualTo(200);
        assertThat(record(unlimited).get("STATUS")).isEqualTo("ok");
    }

    @Test
    void should_list_the_configured_budgets_and_refuse_to_delete_them_with_409() throws Exception {
        JsonNode configured = listed(CONFIGURED_TENANT);
        assertThat(configured.path("source").asText()).isEqualTo("configured");
        assertThat(configured.path("max_tokens").asLong()).isEqualTo(150);
        assertThat(configured.path("updated_at").isNull()).isTrue();

        Reply conflict = send("DELETE", "/api/admin/budgets/tenant/" + CONFIGURED_TENANT + "/day", null, ADMIN);

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().path("error").path("code").asText()).isEqualTo("conflict");
        assertThat(conflict.body().path("error").path("message").asText())
                .contains("is configured (caravan.budgets.limits) and cannot be deleted");
        assertThat(listed(CONFIGURED_TENANT).path("source").asText()).isEqualTo("configured");
    }

    @Test
    void should_answer_bad_budget_requests_with_400_naming_the_field() throws Exception {
        assertInvalid(send("PUT", "/api/admin/budgets", """
                {"scope": "team", "name": "%s", "period": "day", "max_tokens": 5}""".formatted(tenant), ADMIN), "scope");
        assertInvalid(send("PUT", "/api/admin/budgets", """
                {"scope": "tenant", "name": "%s", "period": "week", "max_tokens": 5}""".formatted(tenant), ADMIN),
                "period");
        assertInvalid(send("PUT", "/api/admin/budgets", """
                {"scope": "tenant", "name": "%s", "period": "day"}""".formatted(tenant), ADMIN), "max_tokens");
        assertInvalid(send("PUT", "/api/admin/budgets", """
                {"scope": "tenant", "name": "%s", "period": "day", "max_tokens": "5"}""".formatted(tenant), ADMIN),
                "max_tokens");
        assertInvalid(send("PUT", "/api/admin/budgets", """
                {"scope": "tenant", "name": "%s", "period": "day", "max_token": 5}""".formatted(tenant), ADMIN),
                "max_token");
        assertInvalid(send("PUT", "/api/admin/budgets", """
                {"scope": "tenant", "name": "", "period": "day", "max_tokens": 5}""", ADMIN), "name");
        assertInvalid(send("PUT", "/api/admin/budgets", "{not json", ADMIN), null);
        assertInvalid(send("DELETE", "/api/admin/budgets/tenant/" + tenant + "/week", null, ADMIN), "period");
        assertThat(listed(tenant)).as("nothing stored").isNull();
    }

    @Test
    void should_answer_404_when_no_stored_budget_matches_a_delete_by_path_or_by_query() throws Exception {
        Reply byPath = send("DELETE", "/api/admin/budgets/tenant/" + tenant + "/day", null, ADMIN);
        Reply byQuery = send("DELETE", "/api/admin/budgets?scope=user&name=" + tenant + "%2Falice&period=day", null,
                ADMIN);

        assertThat(byPath.status()).isEqualTo(404);
        assertThat(byPath.body().path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(byQuery.status()).isEqualTo(404);
        assertThat(byQuery.body().path("error").path("message").asText())
                .isEqualTo("No stored daily budget of user '" + tenant + "/alice'.");
    }

    @Test
    void should_refuse_every_budget_endpoint_with_401_without_the_admin_key() throws Exception {
        String body = """
                {"scope": "tenant", "name": "%s", "period": "day", "max_tokens": 5}""".formatted(tenant);
        List<Reply> replies = List.of(
                send("GET", "/api/admin/budgets", null, null),
                send("PUT", "/api/admin/budgets", body, "Bearer wrong-admin-key-0123456789abcdef0123456789"),
                send("DELETE", "/api/admin/budgets/tenant/" + CONFIGURED_TENANT + "/day", null, null));

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body().path("error").path("code").asText()).isEqualTo("invalid_api_key");
        });
        assertThat(listed(tenant)).isNull();
    }

    // ---- helpers

    Reply putBudget(long maxTokens) throws Exception {
        Reply reply = send("PUT", "/api/admin/budgets", """
                {"scope": "tenant", "name": "%s", "period": "day", "max_tokens": %d}""".formatted(tenant, maxTokens),
                ADMIN);
        assertThat(reply.status()).as(reply.raw().body()).isIn(200, 201);
        return reply;
    }

    /** The tenant's daily budget as {@code GET /api/admin/budgets} lists it; null when none is listed. */
    JsonNode listed(String name) throws Exception {
        Reply list = send("GET", "/api/admin/budgets", null, ADMIN);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("object").asText()).isEqualTo("list");
        for (JsonNode budget : list.body().path("data")) {
            if (budget.path("scope").asText().equals("tenant") && budget.path("name").asText().equals(name)
                    && budget.path("period").asText().equals("day")) {
                return budget;
            }
        }
        return null;
    }

    void assertRefusedByBudget(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asText()).contains(tenant);
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        assertThat(record(response).get("ERROR_CODE")).isEqualTo("budget_exceeded");
    }

    static void assertInvalid(Reply reply, String param) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        JsonNode error = reply.body().path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_request");
        if (param == null) {
            assertThat(error.path("param").isNull()).isTrue();
        } else {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
    }

    long tokens(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode usage = JSON.readTree(response.body()).path("usage");
        return usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong();
    }

    HttpResponse<String> chat(String secret) throws Exception {
        String body = JSON.writeValueAsString(Map.of("model", "sim-small", "max_tokens", 5,
                "messages", List.of(Map.of("role", "user", "content", PROMPT))));
        return post("/v1/chat/completions", body, "Authorization", "Bearer " + secret, "x-caravan-cache", "false");
    }

    Map<String, Object> record(HttpResponse<String> response) {
        return new UsageRecords(recorder, jdbc).one(response.headers().firstValue("x-caravan-request-id").orElseThrow());
    }

    Reply send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()),
                response);
    }
}
