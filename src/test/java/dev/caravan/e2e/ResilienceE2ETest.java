package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.resilience.BreakerRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Providers failing, driven through the simulator's runtime fault endpoint: requests still get
 * answered through the next candidate, breakers open and recover. Test breaker settings:
 * window 6, minimum 3 calls, 2 s open (application-test.yaml).
 */
@GatewayTest
class ResilienceE2ETest extends GatewayHttp {

    /** Every request must reach a provider: the cache is bypassed ("cache": false). */
    static final String HI = "{\"model\":\"%s\",\"stream\":%s,\"cache\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}";

    @Autowired
    BreakerRegistry breakers;
    @Autowired
    ObjectMapper json;
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
    void should_answer_through_next_candidate_when_primary_answers_500() throws Exception {
        breakModel("sim-small", "error");

        HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "auto", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-medium");
        assertThat(response.headers().firstValue("x-caravan-fallback")).hasValue("true");
        assertThat(response.headers().firstValue("x-caravan-attempts")).hasValue("sim-small:error,sim-small:error,sim-medium:ok");
        var record = new UsageRecords(recorder, jdbc).one(response.headers().firstValue("x-caravan-request-id").orElseThrow());
        assertThat(record.get("ATTEMPTS")).isEqualTo("sim-small:error,sim-small:error,sim-medium:ok");
        assertThat(record.get("STATUS")).isEqualTo("ok");
    }

    @Test
    void should_open_breaker_after_failures_and_skip_the_model_then_recover_after_the_wait() throws Exception {
        breakModel("sim-small", "error");
        for (int i = 0; i < 2; i++) {
            assertThat(post("/v1/chat/completions", String.format(HI, "auto", false)).statusCode()).isEqualTo(200);
        }
        JsonNode states = json.readTree(get("/api/circuit-breakers").body()).path("circuit_breakers");
        assertThat(states).anySatisfy(b -> {
            assertThat(b.path("model").asText()).isEqualTo("sim-small");
            assertThat(b.path("state").asText()).isEqualTo("open");
        });

        HttpResponse<String> skipped = post("/v1/chat/completions", String.format(HI, "auto", false));
        // an open breaker's model is not called at all: the first attempt goes to the next candidate
        assertThat(skipped.headers().firstValue("x-caravan-attempts")).hasValue("sim-medium:ok");

        post("/simulator/admin/reset", "{}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> healed = post("/v1/chat/completions", String.format(HI, "sim-small", false));
            assertThat(healed.statusCode()).isEqualTo(200);
            assertThat(breakers.forModel("sim-small").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        });
    }

    @Test
    void should_not_retry_or_fall_back_when_the_request_itself_is_refused() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"sim-small\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-caravan-attempts")).isEmpty();
    }

    @Test
    void should_stream_from_next_candidate_when_primary_fails_before_first_token() throws Exception {
        breakModel("sim-small", "error");

        HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "auto", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-medium");
        assertThat(response.body()).contains("\"model\":\"sim-medium\"").doesNotContain("\"model\":\"sim-small\"")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void should_fail_with_502_and_request_id_when_no_candidate_can_answer() throws Exception {
        breakModel("sim-small", "error");
        breakModel("sim-medium", "error");
        breakModel("sim-large", "error");

        HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "auto", false));

        assertThat(response.statusCode()).isIn(502, 503);
        JsonNode error = json.readTree(response.body()).path("error");
        String requestId = response.headers().firstValue("x-caravan-request-id").orElseThrow();
        assertThat(error.path("message").asText()).contains("sim-small");
        var record = new UsageRecords(recorder, jdbc).one(requestId);
        assertThat(record.get("STATUS")).isEqualTo("error");
        assertThat((String) record.get("ATTEMPTS")).contains("sim-small:error");
    }

    @Test
    void should_wait_out_a_short_retry_after_on_the_same_model_then_move_on() throws Exception {
        configure("sim-small", "{\"failure\":\"rate-limit\",\"errorRate\":1.0,\"retryAfterSeconds\":1}");

        HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "auto", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-caravan-attempts"))
                .hasValue("sim-small:rate_limited,sim-small:rate_limited,sim-medium:ok");
    }

    @Test
    void should_move_on_at_once_when_retry_after_is_long() throws Exception {
        configure("sim-small", "{\"failure\":\"rate-limit\",\"errorRate\":1.0,\"retryAfterSeconds\":30}");

        HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "auto", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-caravan-attempts")).hasValue("sim-small:rate_limited,sim-medium:ok");
    }

    @Test
    void should_fall_back_when_the_model_does_not_answer_in_time() throws Exception {
        configure("sim-small", "{\"failure\":\"timeout\",\"errorRate\":1.0,\"hangMs\":8000}");

        HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "auto", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-caravan-attempts")).hasValue("sim-small:timeout,sim-small:timeout,sim-medium:ok");
    }

    @Test
    void should_fall_back_when_a_stream_brings_no_first_token_in_time() throws Exception {
        configure("sim-small", "{\"failure\":\"timeout\",\"errorRate\":1.0,\"hangMs\":8000}");

        HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "auto", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-medium");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void should_end_the_stream_with_an_error_event_when_time_runs_out_after_the_first_token() throws Exception {
        // one token a second: the first tokens reach the caller, then the 3 s total timeout ends it
        configure("sim-small", "{\"tokensPerSecond\":1}");

        HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "sim-small", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"delta\":{\"content\"")
                .contains("data: {\"error\":").contains("provider_timeout")
                .endsWith("data: [DONE]\n\n");
    }

    @Test
    void should_answer_every_request_when_a_model_flaps() throws Exception {
        configure("sim-small", "{\"failure\":\"error\",\"errorRate\":0.5}");

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> response = post("/v1/chat/completions", String.format(HI, "auto", false));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    private void breakModel(String model, String failure) throws Exception {
        configure(model, "{\"failure\":\"" + failure + "\",\"errorRate\":1.0}");
    }

    private void configure(String model, String settings) throws Exception {
        HttpResponse<String> r = post("/simulator/admin/models/" + model, settings);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }


}
