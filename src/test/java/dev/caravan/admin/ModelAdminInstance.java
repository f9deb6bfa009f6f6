package dev.caravan.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.PolicyRules;
import dev.caravan.classify.SecurityProperties;
import dev.caravan.classify.SecurityStage;
import dev.caravan.config.CaravanProperties;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import dev.caravan.crypto.AesGcm;
import dev.caravan.provider.ProviderClients;
import dev.caravan.provider.ProviderKeys;
import dev.caravan.provider.SimulatorAddress;
import dev.caravan.resilience.ResilienceProperties;
import dev.caravan.routing.LatencyTracker;
import dev.caravan.routing.ModelCatalog;
import dev.caravan.routing.ModelHealthView;
import dev.caravan.routing.ModelRouter;
import dev.caravan.routing.RoutingOverrideStore;
import dev.caravan.routing.RoutingProperties;
import dev.caravan.routing.TestModels;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * One gateway instance's admin side without Spring: its catalog, router, provider keys and
 * clients, policy rules, change feed and admin services, on a database that several instances
 * may share. The feed is not started: tests call {@link #poll()} where a real instance's poller
 * would run, so that "the other instance has not seen it yet" can be asserted too.
 */
final class ModelAdminInstance implements AutoCloseable {

    static final ModelProperties SIM_SMALL = TestModels.model("sim-small").prices(100_000, 400_000).priority(1)
            .qualityTier(1).securityLevel(SecurityLevel.LOCAL).build();
    static final ModelProperties SIM_LARGE = TestModels.model("sim-large").prices(3_000_000, 12_000_000).priority(3)
            .qualityTier(3).securityLevel(SecurityLevel.PUBLIC).build();
    static final ModelProperties GPT = TestModels.model("gpt-test").provider(ProviderType.OPENAI)
            .apiKeyEnv("TEST_KEY_NOT_SET").baseUrl("http://127.0.0.1:9/v1").prices(1, 1).priority(9).qualityTier(2)
            .securityLevel(SecurityLevel.PUBLIC).build();
    static final ObjectMapper JSON = new ObjectMapper();

    final ModelCatalog catalog = new ModelCatalog(new CaravanProperties("./data", null, List.of(SIM_SMALL, SIM_LARGE, GPT)),
            new MockEnvironment());
    final LatencyTracker latency = new LatencyTracker();
    final RoutingOverrideStore overrideStore;
    final ModelRouter router;
    final ProviderKeys keys = new ProviderKeys();
    final ProviderClients clients = new ProviderClients(new MockEnvironment(), new SimulatorAddress("http://127.0.0.1:9/v1"),
            ResilienceProperties.builtIn(), keys);
    final PolicyRules policyRules = new PolicyRules(new SecurityProperties(null, 0, null, null).policy());
    final SecurityStage securityStage = new SecurityStage(new Classifier(List.of()), policyRules);
    final ChangeFeed feed;
    final ModelOverrideStore modelStore;
    final ProviderKeyStore keyStore;
    final ModelAdmin models;
    final ProviderAdmin providers;
    final PolicyAdmin policy;
    final RoutingAdmin routing;
    final ModelAdminSync sync;

    /** @param secretsKey base64 of 32 bytes, or null for none */
    ModelAdminInstance(DataSource db, String secretsKey) {
        Clock clock = Clock.systemUTC();
        overrideStore = new RoutingOverrideStore(db, RoutingProperties.defaults());
        router = new ModelRouter(catalog, latency, ModelHealthView.ALL_HEALTHY, overrideStore, RoutingProperties.defaults(),
                null);
        feed = new ChangeFeed(db, Duration.ofSeconds(1), Duration.ofDays(1), clock);
        modelStore = new ModelOverrideStore(db, clock);
        keyStore = new ProviderKeyStore(db, clock);
        models = new ModelAdmin(catalog, modelStore, feed, null, null, latency);
        providers = new ProviderAdmin(catalog, keyStore, keys, clients, AesGcm.fromSetting(secretsKey, "test key"), feed);
        policy = new PolicyAdmin(policyRules, new PolicyRuleStore(db, clock), feed);
        routing = new RoutingAdmin(router, overrideStore, new RoutingAdminStore(db, clock), catalog, feed);
        Map<String, Runnable> reloads = new LinkedHashMap<>();
        reloads.put(ProviderAdmin.TOPIC, providers::reload);
        reloads.put(ModelAdmin.TOPIC, models::reload);
        reloads.put(PolicyAdmin.TOPIC, policy::reload);
        reloads.put(RoutingAdmin.TOPIC, routing::reload);
        sync = new ModelAdminSync(feed, reloads, null, true); // inline: tests assert right after poll()
        sync.start();
        poll(); // the first poll only marks where this instance starts reading
    }

    /** What the instance's feed poller does every interval; returns how many changes it applied. */
    int poll() {
        try {
            return feed.poll();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        sync.close();
        feed.close();
        overrideStore.close();
    }
}
