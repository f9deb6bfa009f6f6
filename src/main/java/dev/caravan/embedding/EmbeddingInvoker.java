package dev.caravan.embedding;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.TokenUsage;
import dev.caravan.metering.CostCalculator;
import dev.caravan.provider.ProviderErrors;
import dev.caravan.provider.TokenCounter;
import dev.caravan.routing.LatencyTracker;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Embeds texts with the routed model: the in-process all-MiniLM-L6-v2 by default (no network,
 * no key), or an OpenAI-compatible embedding endpoint.
 */
@Component
public class EmbeddingInvoker {

    private final InProcessEmbeddings inProcess;
    private final Environment environment;
    private final LatencyTracker latency;
    private final TokenCounter tokens;
    private final ConcurrentMap<String, EmbeddingModel> remote = new ConcurrentHashMap<>();

    public EmbeddingInvoker(InProcessEmbeddings inProcess, Environment environment, LatencyTracker latency,
                            TokenCounter tokens) {
        this.inProcess = inProcess;
        this.environment = environment;
        this.latency = latency;
        this.tokens = tokens;
    }

    public GatewayResponse embed(GatewayRequest request, ModelProperties model) {
        List<String> inputs = ((EmbeddingRequest) request.payload()).inputs();
        long started = System.nanoTime();
        Response<List<Embedding>> response;
        try {
            List<TextSegment> segments = inputs.stream().map(TextSegment::from).toList();
            response = client(model).embedAll(segments);
        } catch (RuntimeException e) {
            throw ProviderErrors.map(e, model);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        latency.record(model.id(), elapsedMs);
        long inputTokens = response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null
                ? response.tokenUsage().inputTokenCount()
                : inputs.stream().mapToLong(tokens::count).sum();
        List<float[]> vectors = response.content().stream().map(Embedding::vector).toList();
        long cost = CostCalculator.costMicros(inputTokens, 0, model.inputPricePer1m(), model.outputPricePer1m());
        return new GatewayResponse(request.requestId(), model.provider().id(), model.id(), null, null, vectors,
                new TokenUsage(inputTokens, 0), cost, elapsedMs, request.receivedAt().getEpochSecond());
    }

    private EmbeddingModel client(ModelProperties model) {
        return switch (model.provider()) {
            case IN_PROCESS -> inProcess.model();
            case OPENAI -> remote.computeIfAbsent(model.id(), id -> OpenAiEmbeddingModel.builder()
                    .baseUrl(model.baseUrl() == null || model.baseUrl().isBlank() ? null : model.baseUrl())
                    .apiKey(environment.getProperty(model.apiKeyEnv(), ""))
                    .modelName(model.upstreamModel()).timeout(model.timeout()).maxRetries(0).build());
            default -> throw new IllegalArgumentException(
                    "embeddings through provider " + model.provider().id() + " are not supported yet");
        };
    }
}
