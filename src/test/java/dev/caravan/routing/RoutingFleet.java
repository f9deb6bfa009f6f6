package dev.caravan.routing;

import dev.caravan.config.Capability;
import dev.caravan.config.CaravanProperties;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.mock.env.MockEnvironment;

/**
 * A small fleet shaped like the shipped configuration, for routing tests: one model per
 * security level and tier, a vision/tools model, two embedding models, all with budgets and
 * context windows. Health is settable per model.
 */
final class RoutingFleet {

    // id, provider, security, tier, in, out, priority, context, budget, capabilities
    static final ModelProperties LOCAL_SMALL = TestModels.model("local-small").provider(ProviderType.SIMULATOR)
            .securityLevel(SecurityLevel.LOCAL).qualityTier(1).prices(100_000, 400_000).priority(1)
            .contextWindow(16_384).latencyBudgetMs(500).build();
    static final ModelProperties PRIVATE_MID = TestModels.model("private-mid").provider(ProviderType.MISTRAL)
            .securityLevel(SecurityLevel.PRIVATE).qualityTier(2).prices(500_000, 1_500_000).priority(2)
            .contextWindow(32_768).latencyBudgetMs(1_500).build();
    static final ModelProperties PUBLIC_LARGE = TestModels.model("public-large").provider(ProviderType.ANTHROPIC)
            .securityLevel(SecurityLevel.PUBLIC).qualityTier(3).prices(3_000_000, 12_000_000).priority(3)
            .capabilities(Capability.TEXT, Capability.REASONING).contextWindow(128_000).latencyBudgetMs(4_000).build();
    static final ModelProperties PUBLIC_VISION = TestModels.model("public-vision").provider(ProviderType.OPENAI)
            .securityLevel(SecurityLevel.PUBLIC).qualityTier(4).prices(2_500_000, 10_000_000).priority(30)
            .capabilities(Capability.TEXT, Capability.VISION, Capability.TOOLS).contextWindow(128_000)
            .latencyBudgetMs(5_000).build();
    static final ModelProperties EMBED_LOCAL = TestModels.model("embed-local").provider(ProviderType.IN_PROCESS)
            .securityLevel(SecurityLevel.LOCAL).qualityTier(1).capabilities(Capability.EMBEDDING).priority(1)
            .contextWindow(256).build();
    static final ModelProperties EMBED_PUBLIC = TestModels.model("embed-public").provider(ProviderType.OPENAI)
            .securityLevel(SecurityLevel.PUBLIC).qualityTier(2).prices(20_000, 0).capabilities(Capability.EMBEDDING)
            .priority(10).contextWindow(8_191).build();

    static final List<ModelProperties> ALL =
            List.of(LOCAL_SMALL, PRIVATE_MID, PUBLIC_LARGE, PUBLIC_VISION, EMBED_LOCAL, EMBED_PUBLIC);

    final LatencyTracker latency = new LatencyTracker();
    final Map<String, ModelHealth> health = new HashMap<>();
    final ModelCatalog catalog;

    RoutingFleet() {
        this(ALL);
    }

    RoutingFleet(List<ModelProperties> models) {
        // every provider's key is set, so that every model is enabled
        MockEnvironment environment = new MockEnvironment();
        for (ModelProperties m : models) {
            if (m.apiKeyEnv() != null) {
                environment.setProperty(m.apiKeyEnv(), "test-key");
            }
        }
        List<ModelProperties> withKeys = new ArrayList<>();
        for (ModelProperties m : models) {
            withKeys.add(m.provider().requiresApiKey() && m.apiKeyEnv() == null ? withKey(m) : m);
        }
        environment.setProperty("TEST_KEY", "test-key");
        catalog = new ModelCatalog(new CaravanProperties("./data", null, withKeys), environment);
    }

    private static ModelProperties withKey(ModelProperties m) {
        return new ModelProperties(m.id(), m.provider(), m.upstreamModel(), m.baseUrl(), "TEST_KEY",
                m.inputPricePer1m(), m.outputPricePer1m(), m.capabilities(), m.priority(), m.qualityTier(),
                m.securityLevel(), m.enabled(), m.timeout(), m.contextWindow(), m.latencyBudgetMs());
    }

    /** Latencies that make private-mid the fastest and public-vision the slowest (all within budget). */
    RoutingFleet withTypicalLatencies() {
        latency.record("local-small", 400);
        latency.record("private-mid", 150);
        latency.record("public-large", 900);
        latency.record("public-vision", 2_000);
        return this;
    }

    ModelRouter router() {
        return router(RoutingOverrideStore.inMemory(List.of()), RoutingProperties.defaults());
    }

    ModelRouter router(RoutingOverrideStore overrides, RoutingProperties properties) {
        ModelHealthView view = id -> health.getOrDefault(id, ModelHealth.HEALTHY);
        return new ModelRouter(catalog, latency, view, overrides, properties, TestTokens.COUNTER);
    }

    static GatewayRequest chat(String model, String prompt) {
        return chat(model, prompt, null, Caller.anonymous());
    }

    static GatewayRequest chat(String model, String prompt, Integer maxTokens, Caller caller) {
        ChatRequest payload = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, prompt, null)), null, null,
                maxTokens, null, null, null, null, null, null, false, false);
        return request(model, payload, caller);
    }

    static GatewayRequest request(String model, RequestPayload payload, Caller caller) {
        return TestRequests.request("req_1", model, payload, caller, null, Instant.now());
    }

    static final class TestTokens {
        static final dev.caravan.provider.TokenCounter COUNTER = new dev.caravan.provider.TokenCounter();
    }
}
