package dev.caravan.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The simulator's beans. Picked up by the main application's component scan and imported by
 * {@link SimulatorMain}; off when {@code caravan.simulator.enabled=false}.
 *
 * <p>It declares no {@code ScheduledExecutorService}, {@code ObjectMapper} or other general-purpose
 * bean that could change the rest of the application: only simulator types.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "caravan.simulator", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SimulatorProperties.class)
@Import(SimulatorController.class)
public class SimulatorConfiguration {

    @Bean
    SimulatorRegistry simulatorRegistry(SimulatorProperties properties) {
        return new SimulatorRegistry(properties);
    }

    @Bean
    SimulatorEngine simulatorEngine() {
        SimulatorEngine engine = new SimulatorEngine();
        engine.countTokens("warm up"); // load the tokenizer now, not on the first request
        return engine;
    }

    @Bean
    ReceivedRequests simulatorReceivedRequests() {
        return new ReceivedRequests();
    }

    @Bean(destroyMethod = "close")
    SimulatorClock simulatorClock() {
        return SimulatorClock.withDefaultThreads();
    }
}
