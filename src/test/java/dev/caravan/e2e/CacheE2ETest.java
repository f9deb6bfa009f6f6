package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.caravan.GatewayTest;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.simulator.ReceivedRequests;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The response cache end to end: exact and semantic hits, the caller's controls, streams, and
 * what is never cached. Each test's prompts carry their own marker in the system prompt, so that
 * entries from other tests in the shared context never match; providers' calls are counted in
 * the simulator's log of received requests.
 */
@GatewayTest
class CacheE2ETest extends GatewayHttp {

    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    ReceivedRequests received;

    OpenAIClient openai;
    UsageRecords usage;
    String marker;

    @BeforeEach
    void setUp() {
        openai = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("sk-placeholder")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        usage = new UsageRecords(recorder, jdbc);
        marker = "session " + UUID.randomUUID();
    }

    @Test
    void should_answer_a_repeated_request_from_the_cache_without_calling_the_provider() throws Exception {
        var first = chat("Name three animals of the Sahara.", "");
        var second = chat("Name three animals of the Sahara.", "");

        assertThat(first.headers().firstValue("x-caravan-cache")).hasValue("miss");
        assertThat(second.headers().firstValue("x-caravan-cache")).hasValue("hit");
        assertThat(content(second)).isEqualTo(content(first));
        assertThat(providerCalls()).isEqualTo(1);

        Map<String, Object> miss = usage.one(requestId(first));
        Map<String, Object> hit = usage.one(requestId(second));
        assertThat(miss.get("CACHE_STATUS")).isEqualTo("miss");
        assertThat(hit.get("STATUS")).isEqualTo("cached");
        assertThat(hit.get("CACHE_STATUS")).isEqualTo("hit");
        assertThat(((Number) hit.get("COST_MICROS")).longValue()).isZero();
        assertThat(((Number) miss.get("COST_MICROS")).longValue()).isPositive();
        assertThat(((Number) hit.get("SAVED_COST_MICROS")).longValue()).isEqualTo(((Number) miss.get("COST_MICROS")).longValue());
        assertThat(hit.get("MODEL")).isEqualTo("sim-small");
    }

    @Test
    void should_answer_a_paraphrase_from_the_semantic_cache_but_not_a_near_miss() throws Exception {
        var first = chat("What are three animals that live in the desert?", "");
        var paraphrase = chat("Which three animals live in the desert?", "");
        var nearMiss = chat("What are four animals that live in the desert?", "");

        assertThat(paraphrase.headers().firstValue("x-caravan-cache")).hasValue("semantic-hit");
        assertThat(content(paraphrase)).isEqualTo(content(first));
        assertThat(nearMiss.headers().firstValue("x-caravan-cache")).hasValue("miss");
        assertThat(providerCalls()).isEqualTo(2);
        assertThat(usage.one(requestId(paraphrase)).get("CACHE_STATUS")).isEqualTo("semantic-hit");
    }

    @Test
    void should_never_share_entries_between_different_system_prompts() throws Exception {
        chat("Summarise the water cycle.", "");
        String otherMarker = marker;
        marker = "session " + UUID.randomUUID();
        var other = chat("Summarise the water cycle.", "");
        assertThat(other.headers().firstValue("x-caravan-cache")).hasValue("miss");
        assertThat(received.all().stream().filter(r -> r.mentions(otherMarker) || r.mentions(marker)).count()).isEqualTo(2);
    }

    @Test
    void should_bypass_the_cache_when_the_caller_says_so() throws Exception {
        chat("How far is the Moon?", "");
        var byHeader = chat("How far is the Moon?", "", "x-caravan-cache", "false");
        var byBody = chat("How far is the Moon?", ",\"cache\":false");
        assertThat(byHeader.headers().firstValue("x-caravan-cache")).hasValue("bypass");
        assertThat(byBody.headers().firstValue("x-caravan-cache")).hasValue("bypass");
        assertThat(providerCalls()).isEqualTo(3);
        assertThat(usage.one(requestId(byBody)).get("STATUS")).isEqualTo("ok");
    }

    @Test
    void should_refresh_on_force_refresh_and_store_nothing_on_no_store() throws Exception {
        var noStore = chat("Why is the sky blue?", "", "Cache-Control", "no-store");
        var stillMiss = chat("Why is the sky blue?", "");
        var refreshed = chat("Why is the sky blue?", ",\"force_refresh\":true");
        var hit = chat("Why is the sky blue?", "");

        assertThat(noStore.headers().firstValue("x-caravan-cache")).hasValue("miss");
        assertThat(stillMiss.headers().firstValue("x-caravan-cache")).hasValue("miss");
        assertThat(refreshed.headers().firstValue("x-caravan-cache")).hasValue("miss");
        assertThat(hit.headers().firstValue("x-caravan-cache")).hasValue("hit");
        assertThat(providerCalls()).isEqualTo(3);
    }

    @Test
    void should_store_a_streamed_answer_once_complete_and_serve_hits_as_streams() {
        String streamed = stream("Describe a caravanserai.");
        String fromCache = stream("Describe a caravanserai.");
        ChatCompletion whole = openai.chat().completions().create(params("Describe a caravanserai."));

        assertThat(fromCache).isEqualTo(streamed).isNotBlank();
        assertThat(whole.choices().get(0).message().content()).hasValue(streamed);
        assertThat(providerCalls()).isEqualTo(1);
    }

    @Test
    void should_send_the_cache_header_on_streams() throws Exception {
        chat("List the oases of Egypt.", "");
        var stream = chat("List the oases of Egypt.", ",\"stream\":true");
        assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(stream.headers().firstValue("x-caravan-cache")).hasValue("hit");
        assertThat(stream.body()).contains("data: [DONE]");
    }

    @Test
    void should_never_cache_a_restricted_prompt() throws Exception {
        String prompt = "Why does this fail? aws_access_key_id = " + SecurityRoutingE2ETest.AWS_KEY
                + " aws_secret_access_key = " + SecurityRoutingE2ETest.AWS_SECRET;
        var first = chatWith("auto", prompt, "");
        var second = chatWith("auto", prompt, "");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-caravan-cache")).hasValue("bypass");
        assertThat(second.headers().firstValue("x-caravan-cache")).hasValue("bypass");
        assertThat(providerCalls()).isEqualTo(2);
    }

    @Test
    void should_cache_a_redacted_prompt_with_placeholders_only_and_restore_each_callers_values() throws Exception {
        var alice = chatWith("sim-small", "Write a two-line note to alice.liddell@wonderland-books.com about her order.", "");
        var bob = chatWith("sim-small", "Write a two-line note to bob.builder@fixit-works.com about her order.", "");

        assertThat(bob.headers().firstValue("x-caravan-cache")).hasValue("hit");
        assertThat(content(alice)).contains("alice.liddell@wonderland-books.com");
        assertThat(content(bob)).contains("bob.builder@fixit-works.com").doesNotContain("alice");
        assertThat(providerCalls()).isEqualTo(1);
    }

    @Test
    void should_cache_a_request_with_temperature_only_when_it_has_a_seed() throws Exception {
        chat("Invent a name for a camel.", ",\"temperature\":0.9");
        var random = chat("Invent a name for a camel.", ",\"temperature\":0.9");
        chat("Invent a name for a camel.", ",\"temperature\":0.9,\"seed\":42");
        var seeded = chat("Invent a name for a camel.", ",\"temperature\":0.9,\"seed\":42");
        assertThat(random.headers().firstValue("x-caravan-cache")).hasValue("bypass");
        assertThat(seeded.headers().firstValue("x-caravan-cache")).hasValue("hit");
        assertThat(providerCalls()).isEqualTo(3);
    }

    @Test
    void should_report_hits_and_saved_cost_and_forget_entries_on_invalidation() throws Exception {
        JsonNode before = json.readTree(adminGet("/api/cache/stats").body());
        chat("Which is the largest hot desert?", "");
        chat("Which is the largest hot desert?", "");
        usage.one(requestId(chat("Which is the largest hot desert?", "")));
        JsonNode after = json.readTree(adminGet("/api/cache/stats").body());
        assertThat(after.path("exact_hits").asLong() - before.path("exact_hits").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(after.path("saved_cost_usd").decimalValue()).isGreaterThan(before.path("saved_cost_usd").decimalValue());
        assertThat(after.path("entries").asLong()).isPositive();
        assertThat(after.path("backend").asText()).isEqualTo("caffeine");

        var invalidated = adminPost("/api/cache/invalidate", "{\"all\":true}");
        assertThat(invalidated.statusCode()).isEqualTo(200);
        assertThat(json.readTree(invalidated.body()).path("invalidated").asLong()).isPositive();
        assertThat(chat("Which is the largest hot desert?", "").headers().firstValue("x-caravan-cache")).hasValue("miss");
    }

    @Test
    void should_refuse_an_invalidation_that_does_not_say_what() throws Exception {
        var response = adminPost("/api/cache/invalidate", "{}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("error").path("param").asText()).isEqualTo("all");
    }

    private HttpResponse<String> chat(String prompt, String extraFields, String... headers) throws Exception {
        return chatWith("sim-small", prompt, extraFields, headers);
    }

    private HttpResponse<String> chatWith(String model, String prompt, String extraFields, String... headers) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":" + json.writeValueAsString(marker)
                + "},{\"role\":\"user\",\"content\":" + json.writeValueAsString(prompt) + "}]" + extraFields + "}";
        HttpResponse<String> response = post("/v1/chat/completions", body, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private ChatCompletionCreateParams params(String prompt) {
        return ChatCompletionCreateParams.builder().model("sim-small").addSystemMessage(marker).addUserMessage(prompt).build();
    }

    private String stream(String prompt) {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> chunks = openai.chat().completions().createStreaming(params(prompt))) {
            chunks.stream().forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }

    private long providerCalls() {
        return received.all().stream().filter(r -> r.mentions(marker)).count();
    }

    private String content(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body()).path("choices").path(0).path("message").path("content").asText();
    }

    private static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("x-caravan-request-id").orElseThrow();
    }
}
