package dev.caravan.deadletter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link DeadLetterProperties} so the package works without
 * {@code @ConfigurationPropertiesScan} too (registration is idempotent when both are present).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterConfiguration {
}
