package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.caravan.GatewayTest;
import dev.caravan.metering.MeteringRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/** The OpenAI-compatible API driven by the official OpenAI Java SDK, end to end through the simulator. */
@GatewayTest
class OpenAiApiE2ETest extends GatewayHttp {

    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    /** Usage is read with the admin key (see UsageApiE2ETest for who may read what). */
    @Value("Bearer ${caravan.identity.admin-key}")
    String admin;

    OpenAIClient openai;
    UsageRecords usage;

    @BeforeEach
    void setUp() {
        openai = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("sk-placeholder")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        usage = new UsageRecords(recorder, jdbc);
    }

    @Test
    void should_answer_chat_completion_with_usage_when_model_is_explicit() {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim-small").addUserMessage("Say hello to Caravan").build());

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("[sim-small]"));
        var tokens = completion.usage().orElseThrow();
        assertThat(tokens.promptTokens()).isPositive();
        assertThat(tokens.completionTokens()).isPositive();
        assertThat(completion.model()).isEqualTo("sim-small");

        String requestId = completion.id().substring("chatcmpl-".length());
        Map<String, Object> record = usage.one(requestId);
        assertThat(record.get("STATUS")).isEqualTo("ok");
        assertThat(record.get("CHANNEL")).isEqualTo("rest");
        assertThat(record.get("MODEL")).isEqualTo("sim-small");
        assertThat(record.get("PROVIDER")).isEqualTo("simulator");
        assertThat(((Number) record.get("INPUT_TOKENS")).longValue()).isEqualTo(tokens.promptTokens());
        assertThat(((Number) record.get("OUTPUT_TOKENS")).longValue()).isEqualTo(tokens.completionTokens());
        // sim-small: $0.10 / 1M in, $0.40 / 1M out
        long expectedCost = Math.round((tokens.promptTokens() * 100_000.0 + tokens.completionTokens() * 400_000.0) / 1_000_000);
        assertThat(((Number) record.get("COST_MICROS")).longValue()).isEqualTo(expectedCost);
    }

    @Test
    void should_stream_chunks_ending_with_usage_when_include_usage_is_set() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("sim-medium").addUserMessage("Stream something")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }

        StringBuilder text = new StringBuilder();
        chunks.stream().flatMap(c -> c.choices().stream()).forEach(c -> c.delta().content().ifPresent(text::append));
        List<ChatCompletionChunk> contentChunks = chunks.stream()
                .filter(c -> c.choices().stream().anyMatch(ch -> ch.delta().content().filter(s -> !s.isEmpty()).isPresent()))
                .toList();
        var last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        var tokens = last.usage().orElseThrow();
        assertThat(text.toString()).startsWith("[sim-medium]");
        assertThat(contentChunks).hasSize((int) tokens.completionTokens());

        Map<String, Object> record = usage.one(last.id().substring("chatcmpl-".length()));
        assertThat(record.get("STREAMED")).isEqualTo(true);
        assertThat(((Number) record.get("OUTPUT_TOKENS")).longValue()).isEqualTo(tokens.completionTokens());
    }

    @Test
    void should_stream_sse_events_ending_with_done_when_stream_is_true() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"sim-small\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-small");
        assertThat(response.body()).startsWith("data: {").endsWith("data: [DONE]\n\n").doesNotContain("\"usage\"");
    }

    @Test
    void should_list_configured_and_virtual_models_with_caravan_fields() throws Exception {
        List<Model> models = openai.models().list().data();
        assertThat(models).extracting(Model::id)
                .contains("sim-small", "sim-medium", "sim-large", "all-minilm-l6-v2", "gpt-4o-mini", "auto", "fast", "cheap", "quality");

        JsonNode listing = json.readTree(get("/v1/models").body());
        JsonNode simLarge = find(listing, "sim-large");
        assertThat(simLarge.path("provider").asText()).isEqualTo("simulator");
        assertThat(simLarge.path("security_level").asText()).isEqualTo("public");
        assertThat(simLarge.path("pricing").path("input_per_1m_micros").asLong()).isEqualTo(3_000_000);
        assertThat(simLarge.path("status").asText()).isEqualTo("enabled");
        assertThat(find(listing, "gpt-4o-mini").path("status").asText()).isEqualTo("disabled_no_api_key");
        assertThat(find(listing, "quality").path("resolves_to").path("chat").asText()).isEqualTo("sim-large");
        assertThat(find(listing, "cheap").path("resolves_to").path("chat").asText()).isEqualTo("sim-small");
        assertThat(find(listing, "auto").path("resolves_to").path("embedding").asText()).isEqualTo("all-minilm-l6-v2");
    }

    @Test
    void should_route_virtual_model_quality_to_highest_tier() {
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("quality").addUserMessage("Think hard").build());
        assertThat(completion.model()).isEqualTo("sim-large");
    }

    @Test
    void should_return_384_dimension_vectors_when_embedding_with_auto() {
        CreateEmbeddingResponse response = openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("auto").inputOfArrayOfStrings(List.of("the cat sat", "on the mat")).build());

        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).embedding()).hasSize(384);
        assertThat(response.model()).isEqualTo("all-minilm-l6-v2");
        assertThat(response.usage().promptTokens()).isPositive();
    }

    @Test
    void should_return_openai_error_when_model_is_unknown() {
        assertThatThrownBy(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such-model");
    }

    @Test
    void should_reject_each_kind_of_bad_input_with_openai_error_json() throws Exception {
        assertError(post("/v1/chat/completions", "{not json"), 400, "invalid_request", null);
        assertError(post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "invalid_request", "model");
        assertError(post("/v1/chat/completions", "{\"model\":\"sim-small\",\"messages\":[]}"), 400, "invalid_request", "messages");
        assertError(post("/v1/chat/completions", "{\"model\":\"sim-small\",\"messages\":\"hello\"}"), 400, "invalid_request", "messages");
        assertError(post("/v1/chat/completions", "{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "invalid_request", "model");
        assertError(post("/v1/chat/completions", "{\"model\":\"sim-small\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "invalid_request", "temperature");
        assertError(post("/v1/chat/completions", "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"), 400, "invalid_request", "messages[0].role");
        assertError(post("/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 404, "model_not_found", "model");
        assertError(post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 503, "model_unavailable", "model");
        assertError(post("/v1/embeddings", "{\"model\":\"auto\",\"input\":[1,2,3]}"), 400, "unsupported_parameter", "input");
        assertError(post("/v1/chat/completions", "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}]}"), 413, "payload_too_large", null);
        assertError(get("/v1/nothing-here"), 404, "not_found", null);
        assertError(get("/api/usage/summary?from=2026-02-01&to=2026-01-01", "Authorization", admin), 400, "invalid_request", "from");
        assertError(get("/api/usage/summary?from=yesterday", "Authorization", admin), 400, "invalid_request", "from");
    }

    @Test
    void should_meter_rejected_requests_once() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"sim-small\",\"messages\":[]}");
        String requestId = response.headers().firstValue("x-caravan-request-id").orElseThrow();

        Map<String, Object> record = usage.one(requestId);
        assertThat(record.get("STATUS")).isEqualTo("rejected");
        assertThat(record.get("ERROR_CODE")).isEqualTo("invalid_request");
        assertThat(record.get("MODEL_REQUESTED")).isEqualTo("sim-small");
    }

    @Test
    void should_not_echo_request_headers_when_replying() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer sk-secret-value")
                .header("X-Custom-Thing", "echo-me")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<String> ok = http.send(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(request.uri()).header("Authorization", "Bearer sk-secret-value")
                .POST(HttpRequest.BodyPublishers.ofString("{")).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(ok, bad)) {
            assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("authorization") || h.equalsIgnoreCase("x-custom-thing"));
            assertThat(response.body()).doesNotContain("sk-secret-value");
        }
        assertThat(ok.headers().firstValue("x-caravan-request-id")).isPresent();
        assertThat(ok.headers().firstValue("x-caravan-provider")).hasValue("simulator");
        assertThat(ok.headers().firstValue("x-caravan-model")).hasValue("sim-small");
        assertThat(ok.headers().firstValue("x-caravan-latency-ms")).isPresent();
        assertThat(ok.headers().firstValue("x-caravan-cost-usd")).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d{6}"));
    }

    @Test
    void should_summarise_usage_per_provider_and_model() throws Exception {
        openai.chat().completions().create(ChatCompletionCreateParams.builder().model("sim-small").addUserMessage("count me").build());
        recorder.flush();

        JsonNode summary = json.readTree(get("/api/usage/summary?from=2020-01-01", "Authorization", admin).body());

        assertThat(summary.path("totals").path("requests").asLong()).isPositive();
        assertThat(summary.path("totals").path("input_tokens").asLong()).isPositive();
        assertThat(summary.path("by_model")).anySatisfy(row -> {
            assertThat(row.path("provider").asText()).isEqualTo("simulator");
            assertThat(row.path("model").asText()).isEqualTo("sim-small");
            assertThat(row.path("cost_micros").asLong()).isPositive();
        });
    }

    @Test
    void should_report_health_up() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("UP");
    }

    private void assertError(HttpResponse<String> response, int status, String code, String param) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(error.has("type")).isTrue();
        assertThat(error.has("param")).isTrue();
        if (param != null) {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
    }

    private static JsonNode find(JsonNode listing, String id) {
        for (JsonNode model : listing.path("data")) {
            if (model.path("id").asText().equals(id)) {
                return model;
            }
        }
        throw new AssertionError("model " + id + " not listed");
    }


}
