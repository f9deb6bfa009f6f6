package dev.caravan.routing;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires routing: {@link RoutingProperties}, the override store (created after Flyway has
 * migrated, seeded and refreshed on start) and the default all-healthy {@link ModelHealthView}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RoutingProperties.class)
public class RoutingConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @DependsOnDatabaseInitialization
    RoutingOverrideStore routingOverrideStore(ObjectProvider<DataSource> dataSource, RoutingProperties properties) {
        return new RoutingOverrideStore(dataSource.getIfAvailable(), properties);
    }

    /** Every model healthy until the circuit-breaker issue supplies its own view. */
    @Bean
    @ConditionalOnMissingBean(ModelHealthView.class)
    ModelHealthView modelHealthView() {
        return ModelHealthView.ALL_HEALTHY;
    }
}
