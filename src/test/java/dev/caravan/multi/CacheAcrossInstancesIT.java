package dev.caravan.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.simulator.ReceivedRequests;
import dev.caravan.support.TestRedis;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances sharing one real Redis: an answer cached by one is served by the other
 * (exactly and semantically), an invalidation on one reaches both, and when Redis stops in the
 * middle of the run the instances keep answering from their in-process caches, then go back to
 * Redis by themselves once it is back.
 */
class CacheAcrossInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestRedis redis;
    private static TwoInstances gateways;

    @BeforeAll
    static void start() {
        redis = TestRedis.running();
        gateways = TwoInstances.start("cache-two-instances", Map.of(
                "caravan.cache.redis.url", redis.url(),
                "caravan.cache.redis.retry-interval", "200ms"));
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
    void an_answer_cached_by_one_instance_is_served_by_the_other() throws Exception {
        String system = marker();
        var first = chat(gateways.a, system, "What are three animals that live in the desert?");
        var exact = chat(gateways.b, system, "What are three animals that live in the desert?");
        var semantic = chat(gateways.b, system, "Which three animals live in the desert?");

        assertThat(first.headers().firstValue("x-caravan-cache")).hasValue("miss");
        assertThat(exact.headers().firstValue("x-caravan-cache")).hasValue("hit");
        assertThat(semantic.headers().firstValue("x-caravan-cache")).hasValue("semantic-hit");
        assertThat(content(exact)).isEqualTo(content(first));
        assertThat(callsMentioning(gateways.a, system)).isEqualTo(1);
        assertThat(callsMentioning(gateways.b, system)).isZero();
    }

    @Test
    void an_invalidation_on_one_instance_reaches_the_other() throws Exception {
        String system = marker();
        chat(gateways.a, system, "What is the capital of Mongolia?");
        assertThat(gateways.b.post("/api/cache/invalidate", "{\"all\":true}", gateways.b.admin()).statusCode()).isEqualTo(200);
        assertThat(chat(gateways.a, system, "What is the capital of Mongolia?").headers().firstValue("x-caravan-cache"))
                .hasValue("miss");
    }

    @Test
    void the_instances_keep_answering_while_redis_is_down_and_return_to_it_afterwards() throws Exception {
        assertThat(redis.controllable()).as("needs a private redis-server to stop").isTrue();
        String system = marker();
        redis.stop();
        try {
            var during = chat(gateways.a, system, "How hot does the Sahara get?");
            var again = chat(gateways.a, system, "How hot does the Sahara get?");
            assertThat(during.headers().firstValue("x-caravan-cache")).hasValue("miss");
            assertThat(again.headers().firstValue("x-caravan-cache")).as("served from the in-process stand-in").hasValue("hit");
            var stats = JSON.readTree(gateways.a.get("/api/cache/stats", gateways.a.admin()).body());
            assertThat(stats.path("degraded").asBoolean()).isTrue();
            assertThat(stats.path("backend").asText()).isEqualTo("caffeine");
        } finally {
            redis.start();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            chat(gateways.a, marker(), "ping after recovery");
            assertThat(JSON.readTree(gateways.a.get("/api/cache/stats", gateways.a.admin()).body()).path("degraded").asBoolean()).isFalse();
        });
        String shared = marker();
        chat(gateways.a, shared, "Name a Saharan oasis.");
        assertThat(chat(gateways.b, shared, "Name a Saharan oasis.").headers().firstValue("x-caravan-cache")).hasValue("hit");
    }

    private static HttpResponse<String> chat(TwoInstances.Instance gateway, String system, String prompt) throws Exception {
        String body = "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"system\",\"content\":" + JSON.writeValueAsString(system)
                + "},{\"role\":\"user\",\"content\":" + JSON.writeValueAsString(prompt) + "}]}";
        HttpResponse<String> response = gateway.post("/v1/chat/completions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static long callsMentioning(TwoInstances.Instance gateway, String text) {
        return gateway.bean(ReceivedRequests.class).all().stream().filter(r -> r.mentions(text)).count();
    }

    private static String content(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText();
    }

    private static String marker() {
        return "session " + UUID.randomUUID();
    }
}
