package dev.caravan.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.admin.AdminConfiguration;
import dev.caravan.admin.ChangeFeed;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.PlanStore;
import dev.caravan.identity.TenantStore;
import dev.caravan.support.TestKeys;
import dev.caravan.support.TestRedis;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jms.core.JmsTemplate;

/**
 * Two gateway instances that require keys (no anonymous calls), sharing one database and one
 * real Redis: a missing key is refused on every channel, a rate limit is one limit across both,
 * and a key revoked on one instance stops working on the other within the change feed's poll.
 */
class GovernanceAcrossInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RATE_TENANT = "two-rate-four";
    private static TestRedis redis;
    private static TwoInstances gateways;
    private static TestKeys keys;

    @BeforeAll
    static void start() {
        redis = TestRedis.running();
        gateways = TwoInstances.start("governance-two-instances", Map.of(
                "caravan.identity.allow-anonymous", false,
                "caravan.identity.dev-mode", false,
                // resolved keys trusted for long: only the change feed can make a revocation reach b quickly
                "caravan.identity.cache-ttl", "10m",
                "caravan.rate-limits.redis.url", redis.url(),
                "caravan.rate-limits.tenant-overrides." + RATE_TENANT + ".requests-per-minute", 4,
                "caravan.cache.enabled", false));
        keys = new TestKeys(gateways.a.bean(PlanStore.class), gateways.a.bean(TenantStore.class),
                gateways.a.bean(ApiKeyStore.class));
    }

    @AfterAll
    static void stop() {
        if (gateways != null) {
            gateways.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void a_request_without_a_key_is_refused_on_rest_jms_and_file_drops() throws Exception {
        HttpResponse<String> rest = gateways.a.post("/v1/chat/completions", chat("No key at all."));
        assertThat(rest.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(rest.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");

        JmsTemplate jms = new JmsTemplate(gateways.a.bean(ConnectionFactory.class));
        jms.setReceiveTimeout(15_000);
        String correlation = "corr-" + UUID.randomUUID();
        String body = chat("No key over JMS.");
        jms.send("caravan.requests", session -> {
            TextMessage message = session.createTextMessage(body);
            message.setJMSCorrelationID(correlation);
            return message;
        });
        Message dead = jms.receiveSelected("caravan.dlq", "JMSCorrelationID = '" + correlation + "'");
        assertThat(dead).isNotNull();
        assertThat(dead.getStringProperty("CaravanErrorCode")).isEqualTo("invalid_api_key");

        // the drop folder has no tenant configured: its files are refused with a reason beside them
        Path data = Path.of("target/governance-two-instances-a");
        String name = "no-tenant-" + UUID.randomUUID() + ".txt";
        Files.writeString(data.resolve("inbox").resolve(name), "Who answers an unidentified folder?");
        Path reason = data.resolve("error").resolve(name + ".error.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(reason));
        JsonNode error = JSON.readTree(Files.readString(reason)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.path("message").asText()).contains("caravan.ingress.file.tenant");
    }

    @Test
    void a_rate_limit_is_one_limit_across_both_instances() throws Exception {
        String secret = keys.key(RATE_TENANT);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TwoInstances.Instance gateway = i % 2 == 0 ? gateways.a : gateways.b;
            statuses.add(gateway.post("/v1/chat/completions", chat("Shared limit " + i),
                    "Authorization", "Bearer " + secret).statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
    }

    @Test
    void a_key_revoked_on_one_instance_is_refused_by_the_other_within_the_poll_interval() throws Exception {
        String tenant = "two-revoke-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = keys.key(tenant);
        assertThat(gateways.b.post("/v1/chat/completions", chat("Before."), "Authorization", "Bearer " + secret)
                .statusCode()).isEqualTo(200);

        String keyId = keys.keys().list(tenant).get(0).id();
        gateways.a.bean(ApiKeyStore.class).revoke(keyId);
        gateways.a.bean(ChangeFeed.class).publish(AdminConfiguration.KEYS, keyId);

        await().atMost(Duration.ofSeconds(5)).until(() -> gateways.b.post("/v1/chat/completions", chat("After."),
                "Authorization", "Bearer " + secret).statusCode() == 401);
    }

    private static String chat(String prompt) throws Exception {
        return JSON.writeValueAsString(Map.of("model", "sim-small",
                "messages", List.of(Map.of("role", "user", "content", prompt))));
    }
}
