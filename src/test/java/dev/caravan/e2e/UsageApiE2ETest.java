package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.budget.Budget;
import dev.caravan.budget.BudgetAmount;
import dev.caravan.budget.BudgetCharge;
import dev.caravan.budget.BudgetLedger;
import dev.caravan.budget.BudgetLimit;
import dev.caravan.budget.BudgetPeriod;
import dev.caravan.budget.BudgetScope;
import dev.caravan.budget.BudgetService;
import dev.caravan.budget.BudgetSubject;
import dev.caravan.budget.Reservation;
import dev.caravan.gateway.Caller;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.CreatedKey;
import dev.caravan.identity.TenantStore;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.metering.UsageRecord;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The read endpoints over plain HTTP: {@code /api/usage}, {@code /api/usage/summary} and
 * {@code /api/budget}, who may read what, and budget alerts on the {@code caravan.alerts} topic.
 *
 * <p>Each test gets two tenants of its own ({@code usage-a-…}, {@code usage-b-…}) with records in
 * a window of the past (2024-06-01) that no other test writes to, so the numbers are exact.
 */
@GatewayTest
class UsageApiE2ETest extends GatewayHttp {

    static final String WINDOW = "from=2024-06-01&to=2024-06-02";
    /** Declared in application-test.yaml: a monthly budget of 1000 tokens for this tenant. */
    static final String BUDGET_TENANT = "usage-e2e-budgets";

    @Autowired
    TenantStore tenants;
    @Autowired
    ApiKeyStore keys;
    @Autowired
    MeteringRecorder recorder;
    @Autowired
    ObjectMapper json;
    @Autowired
    BudgetService budgets;
    @Autowired
    BudgetLedger ledger;
    @Autowired
    ConnectionFactory connectionFactory;
    @Value("Bearer ${caravan.identity.admin-key}")
    String admin;

    String tenantA;
    String tenantB;
    CreatedKey keyA;

    @BeforeEach
    void setUp() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        tenantA = "usage-a-" + run;
        tenantB = "usage-b-" + run;
        tenants.create(tenantA, "Usage A", null);
        tenants.create(tenantB, "Usage B", null);
        keyA = keys.create(tenantA, "alice", null, null);

        recorder.record(record(tenantA, "2024-06-01T09:00:00Z", "sim-small").tokens(10, 20).costMicros(1000)
                .latencyMs(100).build());
        recorder.record(record(tenantA, "2024-06-01T10:00:00Z", "sim-small").tokens(30, 40).costMicros(3000)
                .latencyMs(300).status(UsageRecord.STATUS_CACHED).cacheStatus("hit").savedCostMicros(2000).build());
        recorder.record(record(tenantA, "2024-06-01T11:00:00Z", "sim-large").tokens(5, 0).latencyMs(200)
                .status(UsageRecord.STATUS_ERROR).errorCode("provider_timeout").build());
        recorder.record(record(tenantB, "2024-06-01T12:00:00Z", "sim-small").tokens(5, 5).costMicros(500)
                .latencyMs(50).build());
        recorder.flush();
    }

    private UsageRecord.Builder record(String tenant, String at, String model) {
        return UsageRecord.builder("usage-e2e-" + UUID.randomUUID()).createdAt(Instant.parse(at)).tenant(tenant)
                .userId("alice").modelRequested("auto").route("simulator", model);
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return json.readTree(response.body());
    }

    private void assertError(HttpResponse<String> response, int status, String type, String code, String param)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank().doesNotContain("Exception");
        if (param != null) {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
    }

    private static JsonNode rowOf(JsonNode report, String tenant) {
        for (JsonNode row : report.path("rows")) {
            if (tenant.equals(row.path("group").path("tenant").asText(null))) {
                return row;
            }
        }
        throw new AssertionError("no row for tenant " + tenant + " in " + report);
    }

    @Test
    void should_show_every_tenant_with_exact_numbers_when_the_admin_asks() throws Exception {
        JsonNode report = ok(get("/api/usage?group_by=tenant&" + WINDOW, "Authorization", admin));

        assertThat(report.path("from").asText()).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(report.path("to").asText()).isEqualTo("2024-06-02T00:00:00Z");
        assertThat(report.path("tenant").isNull()).isTrue();
        assertThat(report.path("group_by").get(0).asText()).isEqualTo("tenant");
        JsonNode a = rowOf(report, tenantA);
        assertThat(a.path("requests").asLong()).isEqualTo(3);
        assertThat(a.path("input_tokens").asLong()).isEqualTo(45);
        assertThat(a.path("output_tokens").asLong()).isEqualTo(60);
        assertThat(a.path("cost_micros").asLong()).isEqualTo(4000);
        assertThat(a.path("cost_usd").decimalValue()).isEqualByComparingTo("0.004");
        assertThat(a.path("cache_hits").asLong()).isEqualTo(1);
        assertThat(a.path("saved_cost_micros").asLong()).isEqualTo(2000);
        assertThat(a.path("errors").asLong()).isEqualTo(1);
        assertThat(a.path("rejected").asLong()).isZero();
        // latencies 100, 200, 300
        assertThat(a.path("p50_latency_ms").decimalValue()).isEqualByComparingTo("200.0");
        assertThat(a.path("p95_latency_ms").decimalValue()).isEqualByComparingTo("290.0");
        JsonNode b = rowOf(report, tenantB);
        assertThat(b.path("requests").asLong()).isEqualTo(1);
        assertThat(b.path("cost_micros").asLong()).isEqualTo(500);
        assertThat(b.path("p50_latency_ms").decimalValue()).isEqualByComparingTo("50.0");
    }

    @Test
    void should_show_only_its_own_tenant_when_a_tenants_key_asks() throws Exception {
        String bearer = "Bearer " + keyA.secret();

        JsonNode report = ok(get("/api/usage?group_by=tenant,model&" + WINDOW, "Authorization", bearer));

        assertThat(report.path("tenant").asText()).isEqualTo(tenantA);
        List<String> groups = new ArrayList<>();
        report.path("rows").forEach(row -> groups.add(row.path("group").path("tenant").asText() + "/"
                + row.path("group").path("model").asText()));
        assertThat(groups).containsExactly(tenantA + "/sim-large", tenantA + "/sim-small");
        assertThat(report.path("rows").get(1).path("requests").asLong()).isEqualTo(2);
        assertThat(report.path("rows").get(1).path("p50_latency_ms").decimalValue()).isEqualByComparingTo("200.0");
        assertThat(report.path("totals").path("requests").asLong()).isEqualTo(3);
        assertThat(report.path("totals").path("cost_micros").asLong()).isEqualTo(4000);
        assertThat(report.path("totals").has("group")).isFalse();

        JsonNode own = ok(get("/api/usage?tenant=" + tenantA + "&" + WINDOW, "Authorization", bearer));
        assertThat(own.path("totals").path("requests").asLong()).isEqualTo(3);

        JsonNode summary = ok(get("/api/usage/summary?" + WINDOW, "Authorization", bearer));
        assertThat(summary.path("totals").path("requests").asLong()).isEqualTo(3);
        assertThat(summary.path("totals").path("errors").asLong()).isEqualTo(1);
        assertThat(summary.path("totals").path("cost_micros").asLong()).isEqualTo(4000);
    }

    @Test
    void should_refuse_with_403_when_a_tenants_key_asks_for_another_tenant() throws Exception {
        String bearer = "Bearer " + keyA.secret();

        HttpResponse<String> usage = get("/api/usage?tenant=" + tenantB + "&" + WINDOW, "Authorization", bearer);
        assertError(usage, 403, "permission_error", "permission_denied", "tenant");
        assertThat(usage.body()).doesNotContain(tenantB);
        assertError(get("/api/usage/summary?tenant=" + tenantB, "Authorization", bearer), 403, "permission_error",
                "permission_denied", "tenant");
        assertError(get("/api/budget?tenant=" + tenantB, "Authorization", bearer), 403, "permission_error",
                "permission_denied", "tenant");
    }

    @Test
    void should_filter_to_one_tenant_when_the_admin_names_it() throws Exception {
        JsonNode report = ok(get("/api/usage?group_by=tenant&tenant=" + tenantB + "&" + WINDOW,
                "Authorization", admin));

        assertThat(report.path("tenant").asText()).isEqualTo(tenantB);
        assertThat(report.path("rows")).hasSize(1);
        assertThat(report.path("totals").path("requests").asLong()).isEqualTo(1);
    }

    @Test
    void should_refuse_with_401_when_no_key_or_an_unknown_key_is_sent() throws Exception {
        for (String path : List.of("/api/usage", "/api/usage/summary", "/api/budget")) {
            assertError(get(path), 401, "invalid_request_error", "invalid_api_key", null);
            assertError(get(path, "Authorization", "Bearer ck-" + "x".repeat(43)), 401, "invalid_request_error",
                    "invalid_api_key", null);
            assertError(get(path, "Authorization", "Bearer not-the-admin-key"), 401, "invalid_request_error",
                    "invalid_api_key", null);
        }
    }

    @Test
    void should_refuse_with_400_when_group_by_or_a_date_is_bad() throws Exception {
        assertError(get("/api/usage?group_by=tenant,colour", "Authorization", admin), 400, "invalid_request_error",
                "invalid_request", "group_by");
        assertError(get("/api/usage?group_by=tenant,tenant", "Authorization", admin), 400, "invalid_request_error",
                "invalid_request", "group_by");
        assertError(get("/api/usage?from=last-week", "Authorization", admin), 400, "invalid_request_error",
                "invalid_request", "from");
        assertError(get("/api/usage?from=2024-06-02&to=2024-06-01", "Authorization", admin), 400,
                "invalid_request_error", "invalid_request", "from");
    }

    @Test
    void should_not_echo_request_headers_in_the_reply() throws Exception {
        String bearer = "Bearer " + keyA.secret();

        for (HttpResponse<String> response : List.of(get("/api/usage", "Authorization", bearer, "X-Echo", "me"),
                get("/api/usage?tenant=" + tenantB, "Authorization", bearer, "X-Echo", "me"),
                get("/api/budget", "Authorization", bearer, "X-Echo", "me"))) {
            assertThat(response.headers().map().keySet())
                    .noneMatch(h -> h.equalsIgnoreCase("authorization") || h.equalsIgnoreCase("x-echo"));
            assertThat(response.body()).doesNotContain(keyA.secret());
        }
    }

    @Test
    void should_show_a_tenant_its_budget_and_the_admin_every_budget() throws Exception {
        if (tenants.get(BUDGET_TENANT).isEmpty()) {
            tenants.create(BUDGET_TENANT, "Usage budgets", null);
        }
        CreatedKey key = keys.create(BUDGET_TENANT, "bob", null, null);
        Budget declared = new Budget(BudgetScope.TENANT, BUDGET_TENANT, BudgetPeriod.MONTH, BudgetLimit.tokens(1000));
        BudgetAmount usedBefore = ledger.counter(declared, Instant.now()).map(c -> c.used()).orElse(BudgetAmount.ZERO);
        BudgetAmount heldBefore = ledger.counter(declared, Instant.now()).map(c -> c.reserved())
                .orElse(BudgetAmount.ZERO);
        BudgetSubject subject = BudgetSubject.of(new Caller(BUDGET_TENANT, "bob", null, key.key().id()), null);
        Reservation settled = budgets.reserve("usage-e2e-" + UUID.randomUUID(), subject, new BudgetAmount(300, 0))
                .orThrow();
        budgets.settle(settled, new BudgetAmount(250, 0));
        Reservation held = budgets.reserve("usage-e2e-" + UUID.randomUUID(), subject, new BudgetAmount(100, 0))
                .orThrow();
        try {
            JsonNode own = ok(get("/api/budget", "Authorization", "Bearer " + key.secret()));

            assertThat(own.path("tenant").asText()).isEqualTo(BUDGET_TENANT);
            assertThat(own.path("budgets")).singleElement().satisfies(budget -> {
                assertThat(budget.path("scope").asText()).isEqualTo("tenant");
                assertThat(budget.path("name").asText()).isEqualTo(BUDGET_TENANT);
                assertThat(budget.path("period").asText()).isEqualTo("month");
                assertThat(budget.path("soft").asBoolean()).isFalse();
                assertThat(budget.path("configured").asBoolean()).isTrue();
                assertThat(budget.path("tokens").path("limit").asLong()).isEqualTo(1000);
                long used = usedBefore.tokens() + 250;
                long reserved = heldBefore.tokens() + 100;
                assertThat(budget.path("tokens").path("used").asLong()).isEqualTo(used);
                assertThat(budget.path("tokens").path("reserved").asLong()).isEqualTo(reserved);
                assertThat(budget.path("tokens").path("remaining").asLong()).isEqualTo(1000 - used - reserved);
                assertThat(budget.path("tokens").path("percent_used").decimalValue())
                        .isEqualByComparingTo(BigDecimal.valueOf(used * 10, 2));
                assertThat(budget.path("cost_micros").path("limit").isNull()).isTrue();
                assertThat(Instant.parse(budget.path("period_start").asText())).isBefore(Instant.now());
                assertThat(Instant.parse(budget.path("period_end").asText())).isAfter(Instant.now());
            });

            JsonNode all = ok(get("/api/budget", "Authorization", admin));
            assertThat(all.path("tenant").isNull()).isTrue();
            assertThat(all.path("budgets")).anySatisfy(budget -> {
                assertThat(budget.path("name").asText()).isEqualTo(BUDGET_TENANT);
                assertThat(budget.path("tokens").path("used").asLong()).isEqualTo(usedBefore.tokens() + 250);
            });

            JsonNode other = ok(get("/api/budget", "Authorization", "Bearer " + keyA.secret()));
            assertThat(other.path("budgets")).isEmpty();
        } finally {
            budgets.release(held);
        }
    }

    @Test
    void should_publish_each_alert_as_json_on_the_caravan_alerts_topic() throws Exception {
        String name = "alerts-" + UUID.randomUUID();
        Budget budget = new Budget(BudgetScope.TENANT, name, BudgetPeriod.DAY, BudgetLimit.tokens(100));
        Connection connection = connectionFactory.createConnection();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer subscriber = session.createConsumer(session.createTopic("caravan.alerts"));
            connection.start();

            Reservation reservation = ledger.reserve("usage-e2e-" + UUID.randomUUID(),
                    List.of(new BudgetCharge(budget, new BudgetAmount(50, 0))), Instant.now()).orThrow();
            ledger.settle(reservation, new BudgetAmount(96, 0));

            List<JsonNode> mine = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (mine.size() < 2 && System.nanoTime() < deadline) {
                if (subscriber.receive(1000) instanceof TextMessage text) {
                    JsonNode alert = json.readTree(text.getText());
                    if (name.equals(alert.path("name").asText())) {
                        assertThat(text.getStringProperty("scope")).isEqualTo("tenant");
                        assertThat(text.getIntProperty("threshold")).isEqualTo(alert.path("threshold_percent").asInt());
                        mine.add(alert);
                    }
                }
            }
            assertThat(mine).extracting(a -> a.path("threshold_percent").asInt()).containsExactlyInAnyOrder(80, 95);
            assertThat(mine).allSatisfy(alert -> {
                assertThat(alert.path("type").asText()).isEqualTo("budget_alert");
                assertThat(alert.path("scope").asText()).isEqualTo("tenant");
                assertThat(alert.path("period").asText()).isEqualTo("day");
                assertThat(alert.path("dimension").asText()).isEqualTo("tokens");
                assertThat(alert.path("used").asLong()).isEqualTo(96);
                assertThat(alert.path("limit").asLong()).isEqualTo(100);
            });
        } finally {
            connection.close();
        }
    }
}
