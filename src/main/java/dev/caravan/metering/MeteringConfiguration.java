package dev.caravan.metering;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link MeteringProperties} so the metering package works even without
 * {@code @ConfigurationPropertiesScan} (registration is idempotent when both are present).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MeteringProperties.class)
public class MeteringConfiguration {
}
