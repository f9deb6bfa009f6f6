package dev.caravan.admin;

import dev.caravan.classify.PolicyRules;
import dev.caravan.provider.ProviderClients;
import dev.caravan.provider.ProviderKeys;
import dev.caravan.resilience.BreakerRegistry;
import dev.caravan.routing.LatencyTracker;
import dev.caravan.routing.ModelCatalog;
import dev.caravan.routing.ModelHealthView;
import dev.caravan.routing.ModelRouter;
import dev.caravan.routing.RoutingOverrideStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API for models, providers, policy and routing: its stores, services and HTTP adapter,
 * and the {@link ModelAdminSync} that loads the stored overrides at start and reloads them on
 * every change announced on the {@link ChangeFeed}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderProperties.class)
public class ModelAdminConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelAdminConfiguration.class);

    /**
     * Everything is re-read this often besides on change announcements: the safety net for a
     * reload that failed or an announcement that could not be written. Four small tables.
     */
    static final Duration RESYNC = Duration.ofSeconds(30);

    @Bean
    ModelOverrideStore modelOverrideStore(DataSource dataSource) {
        return new ModelOverrideStore(dataSource, Clock.systemUTC());
    }

    @Bean
    ProviderKeyStore providerKeyStore(DataSource dataSource) {
        return new ProviderKeyStore(dataSource, Clock.systemUTC());
    }

    @Bean
    PolicyRuleStore policyRuleStore(DataSource dataSource) {
        return new PolicyRuleStore(dataSource, Clock.systemUTC());
    }

    @Bean
    RoutingAdminStore routingAdminStore(DataSource dataSource) {
        return new RoutingAdminStore(dataSource, Clock.systemUTC());
    }

    @Bean
    ModelAdmin modelAdmin(ModelCatalog catalog, ModelOverrideStore store, ChangeFeed feed, BreakerRegistry breakers,
                          ModelHealthView health, LatencyTracker latency) {
        return new ModelAdmin(catalog, store, feed, breakers, health, latency);
    }

    @Bean
    ProviderAdmin providerAdmin(ModelCatalog catalog, ProviderKeyStore store, ProviderKeys keys,
                                ProviderClients clients, ProviderProperties properties, ChangeFeed feed) {
        var cipher = properties.cipher(); // a malformed CARAVAN_SECRETS_KEY stops the start here
        log.info(cipher != null
                ? "Provider keys: keys set through the admin API are stored encrypted (CARAVAN_SECRETS_KEY)"
                : "Provider keys: no CARAVAN_SECRETS_KEY; the admin API cannot store provider keys"
                        + " (API keys come from the environment)");
        return new ProviderAdmin(catalog, store, keys, clients, cipher, feed);
    }

    @Bean
    PolicyAdmin policyAdmin(PolicyRules rules, PolicyRuleStore store, ChangeFeed feed) {
        return new PolicyAdmin(rules, store, feed);
    }

    @Bean
    RoutingAdmin routingAdmin(ModelRouter router, RoutingOverrideStore overrides, RoutingAdminStore store,
                              ModelCatalog catalog, ChangeFeed feed) {
        return new RoutingAdmin(router, overrides, store, catalog, feed);
    }

    /** Provider keys before model overrides: a model enabled by either is callable once the catalog says so. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @DependsOnDatabaseInitialization
    ModelAdminSync modelAdminSync(ChangeFeed feed, ProviderAdmin providers, ModelAdmin models, PolicyAdmin policy,
                                  RoutingAdmin routing) {
        Map<String, Runnable> reloads = new LinkedHashMap<>();
        reloads.put(ProviderAdmin.TOPIC, providers::reload);
        reloads.put(ModelAdmin.TOPIC, models::reload);
        reloads.put(PolicyAdmin.TOPIC, policy::reload);
        reloads.put(RoutingAdmin.TOPIC, routing::reload);
        return new ModelAdminSync(feed, reloads, RESYNC);
    }

    @Bean
    ModelAdminHttp modelAdminHttp(ModelAdmin models, ProviderAdmin providers, PolicyAdmin policy,
                                  RoutingAdmin routing) {
        return new ModelAdminHttp(models, providers, policy, routing);
    }
}
