package dev.caravan.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.budget.BudgetCounter;
import dev.caravan.budget.BudgetLedger;
import dev.caravan.budget.BudgetSource;
import dev.caravan.budget.BudgetSubject;
import dev.caravan.e2e.UsageRecords;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.Authenticator;
import dev.caravan.identity.Plan;
import dev.caravan.identity.PlanStore;
import dev.caravan.identity.TenantStore;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.support.TestKeys;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Keys, tenants, plans, rate limits and budgets through the running gateway, on REST and JMS.
 * The budget and rate-limit tenants are configured in application-test.yaml.
 */
@GatewayTest
class GovernanceE2ETest {

    /** application-test.yaml: a daily token budget of ten times {@link #budgetedRequestTokens}. */
    static final String BUDGET_TENANT = "gov-budget-ten";
    static final long BUDGET_TOKENS = 10 * 15;
    /** application-test.yaml: three requests per minute, no burst. */
    static final String RATE_TENANT = "gov-rate-three";
    static final String BUDGET_PROMPT = "Name three rivers of Europe.";

    @LocalServerPort
    int port;
    @Value("Bearer ${caravan.identity.admin-key}")
    String adminAuthorization;
    @Autowired
    PlanStore plans;
    @Autowired
    TenantStore tenants;
    @Autowired
    ApiKeyStore keyStore;
    @Autowired
    Authenticator authenticator;
    @Autowired
    BudgetLedger ledger;
    @Autowired
    BudgetSource budgets;
    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    ConnectionFactory connectionFactory;

    final HttpClient http = HttpClient.newHttpClient();
    TestKeys keys;

    @BeforeEach
    void setUp() {
        keys = new TestKeys(plans, tenants, keyStore);
    }

    @Test
    void should_attribute_a_keyed_request_to_its_tenant_user_and_key() throws Exception {
        String tenant = unique("gov-attr");
        String secret = keys.key(tenant, null, "alice");

        HttpResponse<String> response = chat(secret, "sim-small", "Attribute me, please.", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> record = record(response);
        assertThat(record.get("TENANT")).isEqualTo(tenant);
        assertThat(record.get("USER_ID")).isEqualTo("alice");
        assertThat(record.get("KEY_ID")).isEqualTo(keyStore.list(tenant).get(0).id());
        assertThat(response.body()).doesNotContain(secret);
    }

    @Test
    void should_refuse_a_revoked_key_with_401_and_meter_the_refusal() throws Exception {
        String tenant = unique("gov-revoked");
        String secret = keys.key(tenant);
        assertThat(chat(secret, "sim-small", "Before revoking.", Map.of()).statusCode()).isEqualTo(200);

        keyStore.revoke(keyStore.list(tenant).get(0).id());
        authenticator.forgetAll(); // what the admin API's change feed does on every instance

        HttpResponse<String> refused = chat(secret, "sim-small", "After revoking.", Map.of());
        assertThat(refused.statusCode()).isEqualTo(401);
        JsonNode error = json.readTree(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(refused.body()).doesNotContain(secret).doesNotContain(secret.substring(3, 12));
        Map<String, Object> record = record(refused);
        assertThat(record.get("STATUS")).isEqualTo("rejected");
        assertThat(record.get("ERROR_CODE")).isEqualTo("invalid_api_key");
    }

    @Test
    void should_refuse_a_malformed_caravan_key_before_reading_the_body() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{ not json", "Authorization", "Bearer ck-wrong");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void should_list_models_and_circuit_breakers_only_to_a_known_caller() throws Exception {
        String secret = keys.key(unique("gov-list"));
        for (String path : List.of("/v1/models", "/api/circuit-breakers")) {
            assertThat(get(path, "Bearer " + secret).statusCode()).as(path).isEqualTo(200);
            HttpResponse<String> refused = get(path, "Bearer ck-wrong");
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(json.readTree(refused.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        }
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_refuse_a_suspended_tenant_with_403_on_rest_and_jms() throws Exception {
        String tenant = unique("gov-suspended");
        String secret = keys.key(tenant);
        tenants.suspend(tenant);
        authenticator.forgetAll();

        HttpResponse<String> rest = chat(secret, "sim-small", "Suspended?", Map.of());
        assertThat(rest.statusCode()).isEqualTo(403);
        assertThat(json.readTree(rest.body()).path("error").path("code").asText()).isEqualTo("tenant_suspended");

        JmsOutcome jms = overJms(secret);
        assertThat(jms.deadLetter().getStringProperty("CaravanErrorCode")).isEqualTo("tenant_suspended");
        assertThat(json.readTree(jms.reply()).path("error").path("code").asText()).isEqualTo("tenant_suspended");
    }

    @Test
    void should_answer_a_keyed_jms_request_and_dead_letter_a_bad_key_with_its_cause() throws Exception {
        String tenant = unique("gov-jms");
        String secret = keys.key(tenant, null, "bob");

        JmsTemplate jms = jms();
        String correlation = "corr-" + UUID.randomUUID();
        String body = chatBody("sim-small", "Hello from a keyed JMS caller.");
        Message reply = jms.sendAndReceive("caravan.requests", session -> {
            TextMessage message = session.createTextMessage(body);
            message.setJMSCorrelationID(correlation);
            message.setStringProperty("CaravanApiKey", secret);
            return message;
        });
        assertThat(reply).isNotNull();
        assertThat(reply.getStringProperty("CaravanApiKey")).isNull();
        Map<String, Object> record = new UsageRecords(recorder, jdbc).one(reply.getStringProperty("CaravanRequestId"));
        assertThat(record.get("TENANT")).isEqualTo(tenant);
        assertThat(record.get("USER_ID")).isEqualTo("bob");

        JmsOutcome refused = overJms("ck-" + "A".repeat(43));
        assertThat(refused.deadLetter().getStringProperty("CaravanErrorCode")).isEqualTo("invalid_api_key");
        assertThat(refused.deadLetter().getStringProperty("CaravanApiKey")).isNull();
        assertThat(json.readTree(refused.reply()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void should_refuse_past_the_tenants_rate_limit_with_retry_after_and_quota_headers() throws Exception {
        String secret = keys.key(RATE_TENANT);
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(chat(secret, "sim-small", "Rate limited " + i, Map.of("x-caravan-cache", "false")));
        }

        assertThat(responses.subList(0, 3)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(responses.subList(0, 3).stream()
                .map(r -> r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow()).toList())
                .containsExactly("2", "1", "0");
        assertThat(responses.get(0).headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
        HttpResponse<String> limited = responses.get(3);
        assertThat(limited.statusCode()).isEqualTo(429);
        JsonNode error = json.readTree(limited.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText()).contains("tenant " + RATE_TENANT).contains("requests per minute");
        assertThat(Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 20L);
        assertThat(record(limited).get("ERROR_CODE")).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void should_let_at_most_ten_of_a_hundred_parallel_requests_through_a_budget_for_ten_and_balance_the_books()
            throws Exception {
        long perRequest = budgetedRequestTokens();
        assertThat(BUDGET_TOKENS).as("application-test.yaml's budget must be ten of these requests")
                .isEqualTo(10 * perRequest);
        String secret = keys.key(BUDGET_TENANT);

        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<HttpResponse<String>> responses = new ArrayList<>();
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(() -> chat(secret, "sim-small", BUDGET_PROMPT, Map.of("x-caravan-cache", "false"), 5));
            }
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 200).toList();
        assertThat(ok).isBetween(1L, 10L);
        assertThat(refused).hasSize(100 - (int) ok).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(json.readTree(r.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
            assertThat(r.headers().firstValue("retry-after")).isPresent();
        });

        // the books: every reservation settled or released, the used tokens those of the answered requests
        var budget = budgets.budgetsFor(new BudgetSubject(null, null, BUDGET_TENANT, null)).get(0);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ledger.counter(budget, Instant.now()).map(c -> c.reserved().tokens() == 0).orElse(false));
        BudgetCounter counter = ledger.counter(budget, Instant.now()).orElseThrow();
        assertThat(counter.used().tokens()).isEqualTo(ok * perRequest).isLessThanOrEqualTo(BUDGET_TOKENS);
        for (HttpResponse<String> r : responses) {
            record(r); // exactly one usage record each
        }
        assertThat(jdbc.queryForObject("select count(*) from usage_records where tenant = ? and status = 'ok'",
                Long.class, BUDGET_TENANT)).isEqualTo(ok);
        assertThat(jdbc.queryForObject("select coalesce(sum(input_tokens + output_tokens), 0) from usage_records"
                + " where tenant = ?", Long.class, BUDGET_TENANT)).isEqualTo(counter.used().tokens());
    }

    @Test
    void should_cap_the_answer_at_the_plans_output_limit_and_refuse_more() throws Exception {
        keys.plan(new Plan("gov-plan-short", "Short answers", null, 3L, Set.of(), Map.of(), null));
        String secret = keys.key(unique("gov-short"), "gov-plan-short", null);

        HttpResponse<String> capped = chat(secret, "sim-small", "Tell me a long story about the sea.", Map.of());
        assertThat(capped.statusCode()).isEqualTo(200);
        assertThat(json.readTree(capped.body()).path("usage").path("completion_tokens").asLong()).isBetween(1L, 3L);

        HttpResponse<String> tooMuch = chat(secret, "sim-small", "And another one.", Map.of(), 50);
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(tooMuch.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("plan_limit_exceeded");
        assertThat(error.path("param").asText()).isEqualTo("max_tokens");
    }

    @Test
    void should_route_only_to_the_model_tiers_the_plan_allows() throws Exception {
        keys.plan(new Plan("gov-plan-tier1", "Tier one only", null, null, Set.of(),
                Map.of("*", List.of("1")), null));
        String secret = keys.key(unique("gov-tier"), "gov-plan-tier1", null);

        HttpResponse<String> quality = chat(secret, "quality", "Which tier answers me?", Map.of("x-caravan-cache", "false"));
        assertThat(quality.statusCode()).isEqualTo(200);
        assertThat(quality.headers().firstValue("x-caravan-model")).hasValue("sim-small");

        HttpResponse<String> large = chat(secret, "sim-large", "May I use the large model?", Map.of());
        assertThat(large.statusCode()).isEqualTo(403);
        assertThat(json.readTree(large.body()).path("error").path("code").asText()).isEqualTo("model_not_allowed");
    }

    @Test
    void should_never_serve_one_tenants_cached_answer_to_another() throws Exception {
        String a = keys.key(unique("gov-cache-a"));
        String b = keys.key(unique("gov-cache-b"));
        String prompt = "Cache isolation check " + UUID.randomUUID();

        assertThat(chat(a, "sim-small", prompt, Map.of()).headers().firstValue("x-caravan-cache")).hasValue("miss");
        assertThat(chat(a, "sim-small", prompt, Map.of()).headers().firstValue("x-caravan-cache")).hasValue("hit");
        assertThat(chat(b, "sim-small", prompt, Map.of()).headers().firstValue("x-caravan-cache")).hasValue("miss");
    }

    @Test
    void should_apply_a_tenants_policy_rule_to_that_tenants_callers_only() throws Exception {
        String blocked = unique("gov-policy-blocked");
        String blockedKey = keys.key(blocked);
        String otherKey = keys.key(unique("gov-policy-other"));
        String rules = "{\"rules\":[{\"tenant\":\"" + blocked + "\",\"sensitivity\":\"public\",\"action\":\"block\"}]}";
        assertThat(admin("PUT", "/api/admin/policy", rules).statusCode()).isEqualTo(200);
        try {
            HttpResponse<String> refused = chat(blockedKey, "sim-small", "A harmless public question.", Map.of());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(json.readTree(refused.body()).path("error").path("code").asText())
                    .isEqualTo("sensitive_content_blocked");
            assertThat(chat(otherKey, "sim-small", "A harmless public question.", Map.of()).statusCode()).isEqualTo(200);
        } finally {
            assertThat(admin("PUT", "/api/admin/policy", "{\"rules\":[]}").statusCode()).isEqualTo(200);
        }
    }

    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", adminAuthorization)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Tokens one budget-test request uses (prompt plus its 5-token answer), measured on a tenant without a budget. */
    long budgetedRequestTokens() throws Exception {
        HttpResponse<String> probe = chat(keys.key(unique("gov-probe")), "sim-small", BUDGET_PROMPT,
                Map.of("x-caravan-cache", "false"), 5);
        JsonNode usage = json.readTree(probe.body()).path("usage");
        return usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong();
    }

    record JmsOutcome(Message deadLetter, String reply) {
    }

    JmsOutcome overJms(String apiKey) throws Exception {
        JmsTemplate jms = jms();
        String correlation = "corr-" + UUID.randomUUID();
        String body = chatBody("sim-small", "Who am I?");
        jms.send("caravan.requests", session -> {
            TextMessage message = session.createTextMessage(body);
            message.setJMSCorrelationID(correlation);
            message.setStringProperty("CaravanApiKey", apiKey);
            return message;
        });
        Message dead = jms.receiveSelected("caravan.dlq", "JMSCorrelationID = '" + correlation + "'");
        Message reply = jms.receiveSelected("caravan.responses", "JMSCorrelationID = '" + correlation + "'");
        assertThat(dead).isNotNull();
        assertThat(reply).isNotNull();
        return new JmsOutcome(dead, ((TextMessage) reply).getText());
    }

    JmsTemplate jms() {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(15_000);
        return jms;
    }

    Map<String, Object> record(HttpResponse<String> response) {
        return new UsageRecords(recorder, jdbc).one(response.headers().firstValue("x-caravan-request-id").orElseThrow());
    }

    HttpResponse<String> chat(String secret, String model, String prompt, Map<String, String> headers) throws Exception {
        return chat(secret, model, prompt, headers, null);
    }

    HttpResponse<String> chat(String secret, String model, String prompt, Map<String, String> headers, Integer maxTokens)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + secret));
        headers.forEach((k, v) -> {
            all.add(k);
            all.add(v);
        });
        String body = maxTokens == null ? chatBody(model, prompt)
                : chatBody(model, prompt).replaceFirst("\\{", "{\"max_tokens\":" + maxTokens + ",");
        return post("/v1/chat/completions", body, all.toArray(String[]::new));
    }

    String chatBody(String model, String prompt) throws Exception {
        return json.writeValueAsString(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", prompt))));
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
