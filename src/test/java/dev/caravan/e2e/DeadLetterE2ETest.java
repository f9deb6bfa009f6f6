package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.Plan;
import dev.caravan.identity.PlanStore;
import dev.caravan.identity.TenantStore;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.support.TestKeys;
import dev.caravan.resilience.BreakerRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/** Requests nothing could answer are kept, masked, announced on caravan.dlq, and replayed once after recovery. */
@GatewayTest
class DeadLetterE2ETest extends GatewayHttp {

    static final String AWS_KEY = "AKIA" + "Z3RT7XK2M4PLQ6NB";

    @Autowired
    BreakerRegistry breakers;
    @Autowired
    ObjectMapper json;
    @Autowired
    ConnectionFactory connectionFactory;
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

    @AfterEach
    void heal() throws Exception {
        post("/simulator/admin/reset", "{}");
        breakers.all().values().forEach(CircuitBreaker::reset);
    }

    @Test
    void should_keep_failed_rest_request_and_answer_it_once_on_replay_after_recovery() throws Exception {
        downAll();
        String marker = "dl-" + UUID.randomUUID();

        HttpResponse<String> failed = post("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + " key " + AWS_KEY + "\"}]}");

        assertThat(failed.statusCode()).isIn(502, 503);
        String requestId = failed.headers().firstValue("x-caravan-request-id").orElseThrow();
        JsonNode letter = findLetter(requestId);
        assertThat(letter.path("status").asText()).isEqualTo("pending");
        assertThat(letter.toString()).doesNotContain(AWS_KEY);

        heal();
        HttpResponse<String> replayed = adminPost("/api/dead-letters/" + letter.path("id").asText() + "/replay", "");
        HttpResponse<String> again = adminPost("/api/dead-letters/" + letter.path("id").asText() + "/replay", "");

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json.readTree(replayed.body()).path("status").asText()).isEqualTo("replayed");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void should_replay_a_keyed_request_as_its_tenant_stands_now_plan_and_suspension_included() throws Exception {
        TestKeys keys = new TestKeys(plans, tenants, keyStore);
        keys.plan(new Plan("dl-plan-tier1", "Tier one only", null, null, Set.of(), Map.of("*", List.of("1")), null));
        String tenant = "dl-plan-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = keys.key(tenant);
        downAll();
        JsonNode large = failedLetter(secret, "sim-large");
        JsonNode small = failedLetter(secret, "sim-small");
        heal();

        // the tenant's plan changed after the failures: the replay is governed by the plan it has now
        tenants.changePlan(tenant, "dl-plan-tier1");
        JsonNode refused = replay(large);
        assertThat(refused.path("status").asText()).as(refused.toString()).isEqualTo("failed");
        assertThat(refused.path("error_code").asText(refused.path("errorCode").asText())).isEqualTo("model_not_allowed");
        JsonNode replayed = replay(small);
        assertThat(replayed.path("status").asText()).as(replayed.toString()).isEqualTo("replayed");
        String replayId = replayed.path("replay_request_id").asText(replayed.path("replayRequestId").asText());
        assertThat(new UsageRecords(recorder, jdbc).one(replayId).get("TENANT")).isEqualTo(tenant);

        // and a tenant suspended since is refused
        downAll();
        JsonNode later = failedLetter(secret, "sim-small");
        heal();
        tenants.suspend(tenant);
        JsonNode suspended = replay(later);
        assertThat(suspended.path("status").asText()).isEqualTo("failed");
        assertThat(suspended.path("error_code").asText(suspended.path("errorCode").asText())).isEqualTo("tenant_suspended");
    }

    private JsonNode failedLetter(String secret, String model) throws Exception {
        HttpResponse<String> failed = post("/v1/chat/completions", "{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Replay me, " + UUID.randomUUID() + "\"}]}",
                "Authorization", "Bearer " + secret);
        assertThat(failed.statusCode()).as(failed.body()).isIn(502, 503);
        return findLetter(failed.headers().firstValue("x-caravan-request-id").orElseThrow());
    }

    private JsonNode replay(JsonNode letter) throws Exception {
        return json.readTree(adminPost("/api/dead-letters/" + letter.path("id").asText() + "/replay", "").body());
    }

    @Test
    void should_hold_exactly_the_failed_requests_and_answer_each_once_after_recovery() throws Exception {
        downAll();
        java.util.List<String> failedIds = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> failed = post("/v1/chat/completions",
                    "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"batch " + i + "\"}]}");
            assertThat(failed.statusCode()).isIn(502, 503);
            failedIds.add(failed.headers().firstValue("x-caravan-request-id").orElseThrow());
        }
        java.util.List<JsonNode> letters = new java.util.ArrayList<>();
        for (String id : failedIds) {
            letters.add(findLetter(id));
        }
        assertThat(letters).extracting(l -> l.path("status").asText()).containsOnly("pending");

        heal();
        for (JsonNode letter : letters) {
            HttpResponse<String> replayed = adminPost("/api/dead-letters/" + letter.path("id").asText() + "/replay", "");
            assertThat(json.readTree(replayed.body()).path("status").asText()).isEqualTo("replayed");
        }
        for (JsonNode letter : letters) {
            assertThat(adminPost("/api/dead-letters/" + letter.path("id").asText() + "/replay", "").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void should_announce_masked_envelope_on_dlq_and_reply_to_jms_caller_after_replay() throws Exception {
        downAll();
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(15_000);
        String correlation = "dl-" + UUID.randomUUID();
        String replyQueue = "test.replies." + UUID.randomUUID().toString().substring(0, 8);

        jms.send("caravan.requests", session -> {
            TextMessage m = session.createTextMessage("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"key "
                    + AWS_KEY + "\"}]}");
            m.setJMSCorrelationID(correlation);
            m.setJMSReplyTo(session.createQueue(replyQueue));
            return m;
        });
        Message errorReply = jms.receiveSelected(replyQueue, "JMSCorrelationID = '" + correlation + "'");
        Message announced = jms.receive("caravan.dlq");

        assertThat(errorReply).isNotNull();
        assertThat(json.readTree(((TextMessage) errorReply).getText()).path("error").path("code").asText()).isIn(
                "provider_error", "model_unavailable");
        assertThat(announced).isNotNull();
        assertThat(((TextMessage) announced).getText()).doesNotContain(AWS_KEY);
        String requestId = errorReply.getStringProperty("CaravanRequestId");
        JsonNode letter = findLetter(requestId);

        heal();
        HttpResponse<String> replayed = adminPost("/api/dead-letters/" + letter.path("id").asText() + "/replay", "");
        Message answer = jms.receiveSelected(replyQueue, "JMSCorrelationID = '" + correlation + "'");

        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(replayed.body()).path("delivered").asBoolean()).isTrue();
        assertThat(answer).isNotNull();
        assertThat(json.readTree(((TextMessage) answer).getText()).path("object").asText()).isEqualTo("chat.completion");
    }

    private JsonNode findLetter(String requestId) throws Exception {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode letter : json.readTree(adminGet("/api/dead-letters").body()).path("dead_letters")) {
                if (letter.path("requestId").asText(letter.path("request_id").asText()).equals(requestId)) {
                    found[0] = letter;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private void downAll() throws Exception {
        for (String model : new String[] {"sim-small", "sim-medium", "sim-large"}) {
            post("/simulator/admin/models/" + model, "{\"failure\":\"error\",\"errorRate\":1.0}");
        }
    }


}
