package dev.caravan.identity;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The identity beans on the application's data source. Nothing calls them yet: the ingress and
 * the admin routes will (see {@code package-info}). {@link DevMode#announce()} is not called at
 * start yet: its message ("create a key to require one") would be untrue while no stage checks keys.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityConfiguration {

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
    AdminKey adminKey(IdentityProperties properties, DevMode devMode) {
        return new AdminKey(properties.adminKey(), devMode);
    }
}
