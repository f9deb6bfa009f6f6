package dev.caravan.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts only the standalone simulator ({@link SimulatorMain}) and drives it with the real
 * LangChain4j OpenAI clients, the official OpenAI SDK and plain HTTP.
 */
class SimulatorStandaloneTest {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A model configured on the command line: fast, so that the tests stay quick. */
    private static final String FAST = "sim-test";

    private static ConfigurableApplicationContext context;
    private static String root;
    private static String baseUrl;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startSimulator() {
        context = new SpringApplicationBuilder(SimulatorMain.class).run(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                // few request threads: proves that waiting requests do not hold one
                "--server.tomcat.threads.max=4",
                "--server.tomcat.threads.min-spare=1",
                "--caravan.simulator.models." + FAST + ".latency-ms=5",
                "--caravan.simulator.models." + FAST + ".tokens-per-second=1000");
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        root = "http://127.0.0.1:" + port + "/simulator";
        baseUrl = root + "/v1";
    }

    @AfterAll
    static void stopSimulator() {
        if (context != null) {
            context.close();
        }
    }

    @AfterEach
    void resetModels() throws Exception {
        post(root + "/admin/reset", "{}");
    }

    private static OpenAiChatModel chatModel(String model, Integer maxTokens, Duration timeout) {
        return OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey("test")
                .modelName(model)
                .maxTokens(maxTokens)
                .maxRetries(0)
                .timeout(timeout)
                .build();
    }

    private static OpenAiStreamingChatModel streamingModel(String model) {
        return OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey("test")
                .modelName(model)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static ChatRequest question(String text) {
        return ChatRequest.builder()
                .messages(SystemMessage.from("You answer questions about deserts."), UserMessage.from(text))
                .build();
    }

    private static List<PromptMessage> prompt(String text) {
        return List.of(new PromptMessage("system", "You answer questions about deserts."), new PromptMessage("user", text));
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer anything")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void setModel(String id, String settings) throws Exception {
        HttpResponse<String> response = post(root + "/admin/models/" + id, settings);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void should_answer_with_deterministic_text_usage_and_stop_when_called_with_langchain4j() {
        // given
        OpenAiChatModel model = chatModel("sim-small", null, Duration.ofSeconds(10));

        // when
        ChatResponse response = model.chat(question("How hot is the Sahara?"));

        // then
        SimulatedCompletion expected = new SimulatorEngine().complete("sim-small", prompt("How hot is the Sahara?"), null);
        String text = response.aiMessage().text();
        assertThat(text).startsWith("[sim-small] ").isEqualTo(expected.text());
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(expected.promptTokens());
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(CL100K.countTokens(text));
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(expected.totalTokens());
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.metadata().modelName()).isEqualTo("sim-small");
    }

    @Test
    void should_stop_with_finish_reason_length_when_max_tokens_cuts_the_answer() {
        // given
        OpenAiChatModel model = chatModel(FAST, 5, Duration.ofSeconds(10));

        // when
        ChatResponse response = model.chat(question("Tell me everything."));

        // then
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(5).isEqualTo(CL100K.countTokens(response.aiMessage().text()));
    }

    @Test
    void should_stream_token_by_token_with_usage_when_called_with_langchain4j_streaming() throws Exception {
        // given
        OpenAiStreamingChatModel model = streamingModel(FAST);
        List<String> partials = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        // when
        model.chat(question("Which camel is fastest?"), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                partials.add(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(10, TimeUnit.SECONDS);

        // then
        String text = response.aiMessage().text();
        assertThat(partials).hasSizeGreaterThan(5);
        assertThat(String.join("", partials)).isEqualTo(text);
        assertThat(text).isEqualTo(new SimulatorEngine().complete(FAST, prompt("Which camel is fastest?"), null).text());
        assertThat(response.tokenUsage()).isNotNull();
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(partials.size()).isEqualTo(CL100K.countTokens(text));
        assertThat(response.tokenUsage().inputTokenCount()).isPositive();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void should_send_openai_event_stream_when_streaming_over_plain_http() throws Exception {
        // when
        HttpResponse<String> response = post(baseUrl + "/chat/completions", """
                {"model":"%s","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}""".formatted(FAST));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        String body = response.body();
        assertThat(body).endsWith("data: [DONE]\n\n");
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertThat(event).startsWith("data: ");
            if (!event.equals("data: [DONE]")) {
                chunks.add(JSON.readTree(event.substring("data: ".length())));
            }
        }
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices")).isEmpty();
        List<JsonNode> content = chunks.subList(1, chunks.size() - 2);
        assertThat(content).allSatisfy(chunk -> assertThat(chunk.at("/choices/0/delta/content").isTextual()).isTrue());
        assertThat(content).hasSize(usage.at("/usage/completion_tokens").asInt());
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(CL100K.countTokens("Hi") + SimulatorEngine.PER_MESSAGE_OVERHEAD);
    }

    @Test
    void should_end_stream_without_usage_chunk_when_include_usage_is_not_set() throws Exception {
        // when
        HttpResponse<String> response = post(baseUrl + "/chat/completions",
                "{\"model\":\"" + FAST + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        String[] events = response.body().split("\n\n");
        assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
        assertThat(events[events.length - 2]).contains("\"finish_reason\":\"stop\"").doesNotContain("usage");
    }

    @Test
    void should_be_understood_by_the_official_openai_sdk_when_it_validates_responses() {
        // given
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl).apiKey("test").maxRetries(0).responseValidation(true).build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(FAST).addUserMessage("What is an oasis?").maxCompletionTokens(8).build();
        try {
            // when
            ChatCompletion completion = client.chat().completions().create(params);
            List<String> pieces = new ArrayList<>();
            long streamedUsage;
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    params.toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                List<ChatCompletionChunk> chunks = stream.stream().toList();
                chunks.forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(pieces::add)));
                streamedUsage = chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens();
            }

            // then
            String text = completion.choices().get(0).message().content().orElseThrow();
            assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
            assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(8);
            assertThat(String.join("", pieces)).isEqualTo(text);
            assertThat(streamedUsage).isEqualTo(8);
        } finally {
            client.close();
        }
    }

    @Test
    void should_wait_latency_then_pace_tokens_when_streaming_a_slow_model() throws Exception {
        // given: first token after 100 ms, then one every 20 ms
        setModel(FAST, "{\"latencyMs\":100,\"tokensPerSecond\":50}");

        // when
        long start = System.nanoTime();
        HttpResponse<String> response = post(baseUrl + "/chat/completions", "{\"model\":\"" + FAST
                + "\",\"stream\":true,\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then: 100 ms + 9 intervals of 20 ms
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().split("\"content\"", -1)).hasSize(11);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(280)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void should_serve_many_more_waiting_calls_than_request_threads_when_latency_is_long() throws Exception {
        // given: 24 calls of 500 ms each on 4 request threads; holding a thread would take >= 3 s
        setModel(FAST, "{\"latencyMs\":500}");
        String body = "{\"model\":\"" + FAST + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        // when
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void should_make_the_client_throw_when_model_is_switched_to_error() throws Exception {
        // given
        setModel(FAST, "{\"failure\":\"error\"}");
        OpenAiChatModel model = chatModel(FAST, null, Duration.ofSeconds(10));

        // when / then
        assertThatThrownBy(() -> model.chat(question("Anyone there?")))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("simulated_error");
    }

    @Test
    void should_answer_429_with_retry_after_when_model_is_switched_to_rate_limit() throws Exception {
        // given
        setModel(FAST, "{\"failure\":\"rate-limit\",\"retry-after-seconds\":7}");

        // when
        HttpResponse<String> response = post(baseUrl + "/chat/completions",
                "{\"model\":\"" + FAST + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.has("message") && error.has("type") && error.has("param")).isTrue();
    }

    @Test
    void should_make_a_client_with_a_short_timeout_fail_when_model_is_switched_to_timeout() throws Exception {
        // given: the call is held for the default 120 s (the context's shutdown releases it)
        setModel(FAST, "{\"failure\":\"timeout\"}");
        OpenAiChatModel model = chatModel(FAST, null, Duration.ofMillis(300));

        // when / then
        long start = System.nanoTime();
        assertThatThrownBy(() -> model.chat(question("Hello?"))).isInstanceOf(RuntimeException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_drop_the_call_with_504_when_hang_ms_has_passed() throws Exception {
        // given
        setModel(FAST, "{\"failure\":\"timeout\",\"hangMs\":200}");

        // when
        long start = System.nanoTime();
        HttpResponse<String> response = post(baseUrl + "/chat/completions",
                "{\"model\":\"" + FAST + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("timeout");
    }

    @Test
    void should_fail_only_some_calls_when_error_rate_is_between_0_and_1() throws Exception {
        // given
        setModel(FAST, "{\"failure\":\"error\",\"errorRate\":0.5,\"latencyMs\":0}");

        // when
        int failures = 0;
        for (int i = 0; i < 60; i++) {
            if (post(baseUrl + "/chat/completions", "{\"model\":\"" + FAST
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").statusCode() == 500) {
                failures++;
            }
        }

        // then: P(outside 10..50) for Binomial(60, 0.5) is below 1e-7
        assertThat(failures).isBetween(10, 50);
    }

    @Test
    void should_answer_404_model_not_found_when_model_is_unknown() throws Exception {
        // when
        HttpResponse<String> response = post(baseUrl + "/chat/completions",
                "{\"model\":\"gpt-nope\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo("model");
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void should_answer_400_invalid_request_error_when_body_is_malformed() throws Exception {
        // when
        HttpResponse<String> response = post(baseUrl + "/chat/completions", "{\"model\": \"sim-small\", ");

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("message") && error.has("param") && error.has("code")).isTrue();
    }

    @Test
    void should_list_simulated_models_when_asked_for_models() throws Exception {
        // when
        HttpResponse<String> response = get(baseUrl + "/models");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(response.body());
        assertThat(list.get("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(model -> ids.add(model.get("id").asText()));
        assertThat(ids).contains("sim-small", "sim-medium", "sim-large", FAST);
        assertThat(list.at("/data/0/object").asText()).isEqualTo("model");
    }

    @Test
    void should_show_changed_settings_and_restore_them_when_admin_changes_and_resets() throws Exception {
        // given
        setModel("sim-extra", "{\"latencyMs\":1,\"tokensPerSecond\":2,\"failure\":\"rate-limit\"}");

        // when
        JsonNode changed = JSON.readTree(get(root + "/admin/models").body());
        post(root + "/admin/reset", "");
        JsonNode reset = JSON.readTree(get(root + "/admin/models").body());

        // then
        assertThat(changed.toString()).contains("\"id\":\"sim-extra\"", "\"failure\":\"rate-limit\"", "\"effectiveErrorRate\":1.0");
        assertThat(reset.toString()).doesNotContain("sim-extra").contains("\"id\":\"sim-small\",\"latencyMs\":20,\"tokensPerSecond\":400");
        assertThat(post(root + "/admin/models/sim-small", "{\"failure\":\"explode\"}").statusCode()).isEqualTo(400);
    }
}
