package dev.caravan.identity;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The identity beans on the application's data source. The ingress routes authenticate through
 * {@link Gatekeeper}; dev mode is announced once the gateway is ready.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);

    @Bean
    KeyHasher keyHasher(IdentityProperties properties) {
        return new KeyHasher(properties.keyPepper());
    }

    @Bean
    PlanStore planStore(DataSource dataSource) {
        return new PlanStore(dataSource, Clock.systemUTC());
    }

    @Bean
    TenantStore tenantStore(DataSource dataSource) {
        return new TenantStore(dataSource, Clock.systemUTC());
    }

    @Bean
    ApiKeyStore apiKeyStore(DataSource dataSource, KeyHasher hasher) {
        return new ApiKeyStore(dataSource, hasher, Clock.systemUTC());
    }

    @Bean
    Authenticator authenticator(ApiKeyStore keys, KeyHasher hasher, IdentityProperties properties) {
        return new Authenticator(keys, hasher, properties.cacheTtl(), properties.cacheSize());
    }

    @Bean
    DevMode devMode(IdentityProperties properties, ApiKeyStore keys,
            @Value("${server.address:}") String bindAddress) {
        return new DevMode(properties.devMode(), bindAddress, keys::countActive, properties.cacheTtl(),
                Clock.systemUTC());
    }

    @Bean
    Gatekeeper gatekeeper(Authenticator authenticator, DevMode devMode, TenantStore tenants, PlanStore plans,
            IdentityProperties properties) {
        return new Gatekeeper(authenticator, devMode, tenants, plans, properties.allowAnonymous());
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> announceAnonymousAccess(DevMode devMode, IdentityProperties properties) {
        return event -> {
            if (!devMode.announce() && properties.allowAnonymous()) {
                log.warn("Calls without an API key are accepted as anonymous (caravan.identity.allow-anonymous);"
                        + " keys that are sent are still checked");
            }
        };
    }

    @Bean
    AdminKey adminKey(IdentityProperties properties, DevMode devMode) {
        return new AdminKey(properties.adminKey(), devMode);
    }
}
