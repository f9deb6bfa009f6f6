package dev.caravan.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.CaravanApplication;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.AnnotatedClassFinder;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** How the simulator's beans get into the main application, without starting it. */
class SimulatorConfigurationTest {

    private static AnnotationConfigApplicationContext scanned(Map<String, Object> properties) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        context.scan(SimulatorConfiguration.class.getPackageName());
        context.refresh();
        return context;
    }

    @Test
    void should_register_each_simulator_bean_once_when_package_is_component_scanned() {
        // when: the scan finds SimulatorConfiguration and SimulatorController, and the first imports the second
        try (AnnotationConfigApplicationContext context = scanned(Map.of())) {
            // then
            assertThat(context.getBeanNamesForType(SimulatorController.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(SimulatorConfiguration.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(SimulatorRegistry.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(SimulatorMain.class)).isEmpty();
            assertThat(context.getBean(SimulatorRegistry.class).all()).containsKeys("sim-small", "sim-medium", "sim-large");
        }
    }

    @Test
    void should_register_no_simulator_bean_when_simulator_is_disabled() {
        // when
        try (AnnotationConfigApplicationContext context = scanned(Map.of("caravan.simulator.enabled", "false"))) {
            // then
            assertThat(context.getBeanNamesForType(SimulatorController.class)).isEmpty();
            assertThat(context.getBeanNamesForType(SimulatorConfiguration.class)).isEmpty();
            assertThat(context.getBeanNamesForType(SimulatorClock.class)).isEmpty();
        }
    }

    @Test
    void should_bind_kebab_case_model_settings_when_configured_by_properties() {
        // when
        try (AnnotationConfigApplicationContext context = scanned(Map.of(
                "caravan.simulator.models.sim-small.failure", "rate-limit",
                "caravan.simulator.models.sim-small.error-rate", "0.25",
                "caravan.simulator.models.sim-odd.tokens-per-second", "7"))) {
            // then
            SimulatorRegistry registry = context.getBean(SimulatorRegistry.class);
            assertThat(registry.find("sim-small")).contains(new SimulatedModel(20L, 400, Failure.RATE_LIMIT, 0.25, 1, 120_000L));
            assertThat(registry.find("sim-odd")).contains(new SimulatedModel(0L, 7, Failure.NONE, null, 1, 120_000L));
        }
    }

    @Test
    void should_leave_CaravanApplication_the_only_SpringBootConfiguration_when_tests_search_for_one() {
        // when: what @SpringBootTest does to find its configuration from a test in dev.caravan.*
        Class<?> found = new AnnotatedClassFinder(SpringBootConfiguration.class).findFromPackage("dev.caravan.simulator");

        // then
        assertThat(found).isEqualTo(CaravanApplication.class);
    }

    @Test
    void should_force_the_simulator_on_when_started_as_its_own_process() {
        assertThat(SimulatorMain.withSimulatorEnabled(new String[] {"--server.port=9090"}))
                .containsExactly("--caravan.simulator.enabled=true", "--server.port=9090");
        assertThat(SimulatorMain.withSimulatorEnabled(new String[] {"--caravan.simulator.enabled=false"}))
                .containsExactly("--caravan.simulator.enabled=false");
    }
}
