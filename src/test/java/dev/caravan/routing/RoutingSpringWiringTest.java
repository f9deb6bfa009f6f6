package dev.caravan.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.config.CaravanProperties;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import dev.caravan.provider.TokenCounter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/** The routing beans in a minimal Spring context: binding, Flyway before seeding, the default health view. */
class RoutingSpringWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class))
            .withUserConfiguration(RoutingConfiguration.class, ModelCatalog.class, LatencyTracker.class,
                    TokenCounter.class, ModelRouter.class)
            .withBean(CaravanProperties.class, () -> new CaravanProperties("./data", null, RoutingFleet.ALL.stream()
                    .filter(m -> !m.provider().requiresApiKey()).toList()))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:routing_"
                    + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");

    @Test
    void should_bind_properties_and_seed_the_migrated_table_when_the_context_starts() {
        runner.withPropertyValues(
                        "caravan.routing.default-strategy=cost",
                        "caravan.routing.output-token-reserve=2048",
                        "caravan.routing.overrides-refresh=2s",
                        "caravan.routing.overrides[0].tenant=acme",
                        "caravan.routing.overrides[0].strategy=quality",
                        "caravan.routing.overrides[1].tenant=acme",
                        "caravan.routing.overrides[1].service=search",
                        "caravan.routing.overrides[1].prefer-provider=simulator",
                        "caravan.routing.overrides[1].prefer-model=local-small")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RoutingProperties properties = context.getBean(RoutingProperties.class);
                    assertThat(properties.strategy()).isEqualTo(RoutingStrategy.COST);
                    assertThat(properties.outputTokenReserve()).isEqualTo(2048);
                    assertThat(properties.overridesRefresh()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.overrides()).containsExactly(
                            new RoutingOverride("acme", null, "quality", null, null),
                            new RoutingOverride("acme", "search", null, "simulator", "local-small"));

                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM routing_overrides", Integer.class)).isEqualTo(2);
                    assertThat(context.getBean(RoutingOverrideStore.class).find("acme", "search")).isPresent();
                    assertThat(context.getBean(ModelHealthView.class).health("anything")).isEqualTo(ModelHealth.HEALTHY);

                    ModelRouter router = context.getBean(ModelRouter.class);
                    RouteDecision acme = router.route(RoutingFleet.chat("auto", "hi", null,
                            new Caller("acme", null, null, null)), EnumSet.allOf(SecurityLevel.class), "public");
                    RouteDecision other = router.route(RoutingFleet.chat("auto", "hi"),
                            EnumSet.allOf(SecurityLevel.class), "public");
                    assertThat(acme.strategy()).isEqualTo("quality");
                    assertThat(other.strategy()).isEqualTo("cost");
                });
    }

    @Test
    void should_start_with_defaults_when_nothing_is_configured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            RoutingProperties properties = context.getBean(RoutingProperties.class);
            assertThat(properties.strategy()).isEqualTo(RoutingStrategy.BALANCED);
            assertThat(properties.outputTokenReserve()).isEqualTo(1024);
            assertThat(properties.overridesRefresh()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.overrides()).isEmpty();
        });
    }

    @Test
    void should_refuse_to_start_when_the_default_strategy_is_unknown() {
        runner.withPropertyValues("caravan.routing.default-strategy=cheapest").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("cheapest");
        });
    }

    @Test
    void should_back_off_when_another_health_view_is_declared() {
        ModelHealthView breaker = id -> ModelHealth.DOWN;
        runner.withBean(ModelHealthView.class, () -> breaker).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ModelHealthView.class)).isSameAs(breaker);
        });
    }
}
