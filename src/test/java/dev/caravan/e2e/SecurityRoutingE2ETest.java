package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.simulator.ReceivedRequests;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Only models cleared for a prompt's sensitivity ever see it: asserted on what the simulated
 * providers received. Test policy: restricted → local models, confidential → redacted,
 * internal → blocked (application-test.yaml).
 */
@GatewayTest
class SecurityRoutingE2ETest extends GatewayHttp {

    /** A live-looking (random, right format) AWS key pair: restricted. */
    static final String AWS_KEY = "AKIA" + "Q7XK2M4PLZ6RW3NB";
    static final String AWS_SECRET = "Zk3+9fQ/Lm2Vx8RtYb7Nw1Cq5Hs4Pd6Ge0Ja2Ku9";
    static final String EMAIL = "jane.doe@northwind-traders.com";

    @Autowired
    ReceivedRequests received;
    @Autowired
    ObjectMapper json;
    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;

    UsageRecords usage;
    String marker;

    @BeforeEach
    void setUp() {
        usage = new UsageRecords(recorder, jdbc);
        marker = "case-" + UUID.randomUUID();
    }

    @Test
    void should_answer_restricted_prompt_from_a_local_model_only_when_model_is_virtual() throws Exception {
        String prompt = marker + " Why does this fail?\naws_access_key_id = " + AWS_KEY + "\naws_secret_access_key = " + AWS_SECRET;

        for (String virtual : List.of("auto", "quality", "cheap", "fast")) {
            HttpResponse<String> response = chat(virtual, prompt, false);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-small");
        }
        assertThat(receivedWith(marker)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.model()).isEqualTo("sim-small"));
    }

    @Test
    void should_refuse_explicit_public_model_when_prompt_is_restricted() throws Exception {
        String prompt = marker + " deploy with key " + AWS_KEY + " secret " + AWS_SECRET;

        HttpResponse<String> response = chat("sim-large", prompt, false);

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(response.body()).doesNotContain(AWS_KEY).doesNotContain(AWS_SECRET);
        assertThat(receivedWith(marker)).isEmpty();
        var record = usage.one(response.headers().firstValue("x-caravan-request-id").orElseThrow());
        assertThat(record.get("SENSITIVITY")).isEqualTo("restricted");
        assertThat((String) record.get("FINDING_TYPES")).contains("AWS_ACCESS_KEY").doesNotContain(AWS_KEY);
    }

    @Test
    void should_send_placeholders_and_restore_values_when_prompt_is_confidential() throws Exception {
        String prompt = marker + " Draft a reply to " + EMAIL + " about the delayed order.";

        HttpResponse<String> response = chat("auto", prompt, false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String answer = json.readTree(response.body()).path("choices").path(0).path("message").path("content").asText();
        assertThat(answer).contains(EMAIL).doesNotContain("[EMAIL_1]");
        assertThat(receivedWith(marker)).singleElement().satisfies(r -> {
            assertThat(r.mentions(EMAIL)).isFalse();
            assertThat(r.mentions("[EMAIL_1]")).isTrue();
            assertThat(r.model()).isIn("sim-small", "sim-medium");
        });
        var record = usage.one(response.headers().firstValue("x-caravan-request-id").orElseThrow());
        assertThat(record.get("SENSITIVITY")).isEqualTo("confidential");
        assertThat(record.get("FINDING_TYPES")).isEqualTo("EMAIL");
    }

    @Test
    void should_restore_values_in_streamed_answer_when_placeholders_are_split_across_chunks() throws Exception {
        String prompt = marker + " Tell " + EMAIL + " the parcel left today.";

        HttpResponse<String> response = chat("auto", prompt, true);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> pieces = Stream.of(response.body().split("\n\n"))
                .filter(e -> e.startsWith("data: {"))
                .map(e -> readContent(e.substring("data: ".length())))
                .filter(c -> !c.isEmpty())
                .toList();
        assertThat(String.join("", pieces)).contains(EMAIL).doesNotContain("[EMAIL_1]").doesNotContain("[EMAIL");
        assertThat(receivedWith(marker)).singleElement().satisfies(r -> assertThat(r.mentions(EMAIL)).isFalse());
    }

    @Test
    void should_block_with_types_and_without_values_when_policy_blocks_the_level() throws Exception {
        String prompt = marker + " CONFIDENTIAL - do not distribute. Summarise the roadmap.";

        HttpResponse<String> response = chat("auto", prompt, false);

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("sensitive_content_blocked");
        assertThat(error.path("message").asText()).contains("KEYWORD").doesNotContain("roadmap");
        assertThat(receivedWith(marker)).isEmpty();
    }

    @Test
    void should_classify_text_without_echoing_values() throws Exception {
        HttpResponse<String> response = post("/api/classify", json.writeValueAsString(
                java.util.Map.of("text", "key " + AWS_KEY + " and mail " + EMAIL)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json.readTree(response.body());
        assertThat(result.path("sensitivity").asText()).isEqualTo("restricted");
        assertThat(result.path("findings")).extracting(f -> f.path("type").asText()).contains("AWS_ACCESS_KEY", "EMAIL");
        assertThat(response.body()).doesNotContain(AWS_KEY).doesNotContain(EMAIL);
        JsonNode first = result.path("findings").path(0);
        assertThat(first.has("start") && first.has("end") && first.has("detector") && first.has("confidence")).isTrue();
    }

    private List<ReceivedRequests.Received> receivedWith(String text) {
        return received.all().stream().filter(r -> r.mentions(text)).toList();
    }

    private String readContent(String chunk) {
        try {
            return json.readTree(chunk).path("choices").path(0).path("delta").path("content").asText("");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> chat(String model, String prompt, boolean stream) throws Exception {
        String body = json.writeValueAsString(java.util.Map.of("model", model, "stream", stream,
                "messages", List.of(java.util.Map.of("role", "user", "content", prompt))));
        return post("/v1/chat/completions", body);
    }

}
