package dev.caravan.routing;

import dev.caravan.config.Capability;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import java.time.Duration;
import java.util.Set;

/**
 * Builds {@link ModelProperties} for unit tests, so that the tests name only the fields they
 * care about and a new record component needs one change here rather than in every test.
 */
public final class TestModels {

    private String id;
    private ProviderType provider = ProviderType.SIMULATOR;
    private String upstreamModel;
    private String baseUrl;
    private String apiKeyEnv;
    private long inputPricePer1m;
    private long outputPricePer1m;
    private Set<Capability> capabilities;
    private int priority;
    private int qualityTier;
    private SecurityLevel securityLevel = SecurityLevel.LOCAL;
    private Boolean enabled;
    private Duration timeout;
    private int contextWindow;
    private long latencyBudgetMs;

    private TestModels(String id) {
        this.id = id;
    }

    public static TestModels model(String id) {
        return new TestModels(id);
    }

    public TestModels provider(ProviderType provider) {
        this.provider = provider;
        return this;
    }

    public TestModels upstreamModel(String upstreamModel) {
        this.upstreamModel = upstreamModel;
        return this;
    }

    public TestModels baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return this;
    }

    public TestModels apiKeyEnv(String apiKeyEnv) {
        this.apiKeyEnv = apiKeyEnv;
        return this;
    }

    public TestModels prices(long inputPricePer1m, long outputPricePer1m) {
        this.inputPricePer1m = inputPricePer1m;
        this.outputPricePer1m = outputPricePer1m;
        return this;
    }

    public TestModels capabilities(Capability... capabilities) {
        this.capabilities = Set.of(capabilities);
        return this;
    }

    public TestModels priority(int priority) {
        this.priority = priority;
        return this;
    }

    public TestModels qualityTier(int qualityTier) {
        this.qualityTier = qualityTier;
        return this;
    }

    public TestModels securityLevel(SecurityLevel securityLevel) {
        this.securityLevel = securityLevel;
        return this;
    }

    public TestModels enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    public TestModels timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public TestModels contextWindow(int contextWindow) {
        this.contextWindow = contextWindow;
        return this;
    }

    public TestModels latencyBudgetMs(long latencyBudgetMs) {
        this.latencyBudgetMs = latencyBudgetMs;
        return this;
    }

    public ModelProperties build() {
        return new ModelProperties(id, provider, upstreamModel, baseUrl, apiKeyEnv, inputPricePer1m, outputPricePer1m,
                capabilities, priority, qualityTier, securityLevel, enabled, timeout, contextWindow, latencyBudgetMs);
    }
}
