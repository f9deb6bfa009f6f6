package dev.caravan.provider;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.resilience.ResilienceProperties;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.mistralai.MistralAiChatModel;
import dev.langchain4j.model.mistralai.MistralAiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * LangChain4j's real clients, one blocking and one streaming per model, built on first use and
 * then reused so that their HTTP connections stay alive. Client-side retries are off
 * ({@code maxRetries(0)}): retrying and falling back is the gateway's decision, not the client's.
 * Timeouts come from {@code caravan.resilience} through {@link #http}, for every provider; the
 * models' own {@code timeout} is not set, as it would only be overridden there.
 *
 * <p>The API key is the one stored through the admin API ({@link ProviderKeys}) when there is
 * one, else the model's {@code api-key-env} variable. A client remembers the stored key's
 * version it was built with and is rebuilt on first use after that key changed.
 */
@Component
public class ProviderClients {

    private final Environment environment;
    private final SimulatorAddress simulator;
    private final ResilienceProperties resilience;
    private final ProviderKeys storedKeys;
    private final ConcurrentMap<String, Built<ChatModel>> chatModels = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Built<StreamingChatModel>> streamingModels = new ConcurrentHashMap<>();

    /** Keys from the environment only. */
    public ProviderClients(Environment environment, SimulatorAddress simulator, ResilienceProperties resilience) {
        this(environment, simulator, resilience, new ProviderKeys());
    }

    @Autowired
    public ProviderClients(Environment environment, SimulatorAddress simulator, ResilienceProperties resilience,
                           ProviderKeys storedKeys) {
        this.environment = environment;
        this.simulator = simulator;
        this.resilience = resilience;
        this.storedKeys = storedKeys;
    }

    /** A client and the version of the stored key it was built with. */
    private record Built<T>(T client, long keyVersion) {
    }

    /**
     * The HTTP client of every provider: JDK, HTTP/1.1, with the provider's connect timeout and
     * the total timeout as the read timeout (a blocking answer arrives in one read; for a stream
     * it bounds the wait for the response headers). Fixed, because each LangChain4j model would
     * otherwise overwrite both with its own {@code timeout}, see {@link FixedTimeoutsHttpClientBuilder}.
     */
    private HttpClientBuilder http(ModelProperties m) {
        return new FixedTimeoutsHttpClientBuilder(new JdkHttpClientBuilder()
                // HTTP/1.1 with keep-alive: the JDK client otherwise tries an h2c upgrade on plain-text
                // connections (local providers, the simulator), an extra round trip per connection
                .httpClientBuilder(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1))
                .connectTimeout(resilience.forModel(m).connectTimeout())
                .readTimeout(totalTimeout(m)));
    }

    /** The shorter of the model's own timeout and its provider's total timeout. */
    private java.time.Duration totalTimeout(ModelProperties m) {
        var total = resilience.forModel(m).totalTimeout();
        return total.compareTo(m.timeout()) < 0 ? total : m.timeout();
    }

    public ChatModel chat(ModelProperties model) {
        return client(chatModels, model, this::buildChat);
    }

    public StreamingChatModel streaming(ModelProperties model) {
        return client(streamingModels, model, this::buildStreaming);
    }

    /** The cached client, unless its provider's stored key changed since it was built (a map lookup on the hot path). */
    private <T> T client(ConcurrentMap<String, Built<T>> cache, ModelProperties model,
                         java.util.function.Function<ModelProperties, T> build) {
        long version = storedKeys.version(model.provider());
        Built<T> built = cache.get(model.id());
        if (built != null && built.keyVersion() == version) {
            return built.client();
        }
        return cache.compute(model.id(), (id, old) -> old != null && old.keyVersion() == version
                ? old : new Built<>(build.apply(model), version)).client();
    }

    private ChatModel buildChat(ModelProperties m) {
        return switch (m.provider()) {
            case SIMULATOR, OPENAI -> OpenAiChatModel.builder().httpClientBuilder(http(m)).baseUrl(baseUrl(m)).apiKey(apiKey(m))
                    .modelName(m.upstreamModel()).maxRetries(0).build();
            case ANTHROPIC -> AnthropicChatModel.builder().httpClientBuilder(http(m)).baseUrl(baseUrl(m)).apiKey(apiKey(m))
                    .modelName(m.upstreamModel()).maxRetries(0).build();
            case GEMINI -> GoogleAiGeminiChatModel.builder().httpClientBuilder(http(m)).baseUrl(baseUrl(m)).apiKey(apiKey(m))
                    .modelName(m.upstreamModel()).maxRetries(0).build();
            case OLLAMA -> OllamaChatModel.builder().httpClientBuilder(http(m)).baseUrl(m.baseUrl())
                    .modelName(m.upstreamModel()).maxRetries(0).build();
            case MISTRAL -> MistralAiChatModel.builder().httpClientBuilder(http(m)).baseUrl(baseUrl(m)).apiKey(apiKey(m))
                    .modelName(m.upstreamModel()).maxRetries(0).build();
            case IN_PROCESS -> throw new IllegalArgumentException("model " + m.id() + " is not a chat model");
        };
    }

    private StreamingChatModel buildStreaming(ModelProperties m) {
        return switch (m.provider()) {
            case SIMULATOR, OPENAI -> OpenAiStreamingChatModel.builder().httpClientBuilder(http(m)).baseUrl(baseUrl(m)).apiKey(apiKey(m))
                    .modelName(m.upstreamModel()).build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder().httpClientBuilder(http(m)).baseUrl(baseUrl(m)).apiKey(apiKey(m))
                    .modelName(m.upstreamModel()).build();
            case GEMINI -> GoogleAiGeminiStreamingChatModel.builder().httpClientBuilder(http(m)).baseUrl(baseUrl(m)).apiKey(apiKey(m))
                    .modelName(m.upstreamModel()).build();
            case OLLAMA -> OllamaStreamingChatModel.builder().httpClientBuilder(http(m)).baseUrl(m.baseUrl())
                    .modelName(m.upstreamModel()).build();
            case MISTRAL -> MistralAiStreamingChatModel.builder().httpClientBuilder(http(m)).baseUrl(baseUrl(m)).apiKey(apiKey(m))
                    .modelName(m.upstreamModel()).build();
            case IN_PROCESS -> throw new IllegalArgumentException("model " + m.id() + " is not a chat model");
        };
    }

    /** The configured base URL, the simulator's for simulated models, or null for the provider's default. */
    public String baseUrl(ModelProperties m) {
        if (m.baseUrl() != null && !m.baseUrl().isBlank()) {
            return m.baseUrl();
        }
        return m.provider() == ProviderType.SIMULATOR ? simulator.baseUrl() : null;
    }

    private String apiKey(ModelProperties m) {
        if (m.provider() == ProviderType.SIMULATOR) {
            return "simulator";
        }
        String key = apiKeyOrNull(m);
        if (key == null) {
            throw new IllegalStateException("model " + m.id() + " has no API key; set " + m.apiKeyEnv()
                    + " or store one with PUT /api/admin/providers/" + m.provider().id() + "/api-key");
        }
        return key;
    }

    /**
     * The key a model's client would use: the provider's stored key, else the model's environment
     * variable; null when neither is set. For the admin API's masked display: never returned whole.
     */
    public String apiKeyOrNull(ModelProperties m) {
        String stored = storedKeys.key(m.provider());
        if (stored != null) {
            return stored;
        }
        String key = m.apiKeyEnv() == null ? null : environment.getProperty(m.apiKeyEnv());
        return key == null || key.isBlank() ? null : key;
    }
}
