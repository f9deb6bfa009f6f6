package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

class BudgetPropertiesTest {

    static BudgetProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("caravan.budgets", BudgetProperties.class);
    }

    @Test
    void should_declare_no_budgets_when_nothing_is_configured() {
        // when
        BudgetProperties properties = bind(Map.of());

        // then
        assertThat(properties.enabled()).isFalse();
        assertThat(properties.limits()).isEmpty();
        assertThat(properties.reservationTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.expiryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.retention()).isEqualTo(Duration.ofDays(1));
        assertThat(properties.alertThresholds()).containsExactly(80, 95, 100);
        assertThat(properties.defaultMaxOutputTokens()).isEqualTo(4096);
        assertThat(BudgetProperties.defaults()).isEqualTo(properties);
    }

    @Test
    void should_bind_lower_case_scopes_and_periods_when_budgets_are_declared_in_yaml() {
        // when
        BudgetProperties properties = bind(Map.ofEntries(
                Map.entry("caravan.budgets.limits[0].scope", "tenant"),
                Map.entry("caravan.budgets.limits[0].name", "acme"),
                Map.entry("caravan.budgets.limits[0].period", "month"),
                Map.entry("caravan.budgets.limits[0].max-cost-micros", "500000000"),
                Map.entry("caravan.budgets.limits[1].scope", "task"),
                Map.entry("caravan.budgets.limits[1].name", "*"),
                Map.entry("caravan.budgets.limits[1].period", "day"),
                Map.entry("caravan.budgets.limits[1].max-tokens", "2000000"),
                Map.entry("caravan.budgets.limits[1].soft", "true"),
                Map.entry("caravan.budgets.reservation-ttl", "5m"),
                Map.entry("caravan.budgets.alert-thresholds", "95,50")));

        // then
        assertThat(properties.enabled()).isTrue();
        assertThat(properties.limits()).containsExactly(
                new BudgetProperties.Limit(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, null, 500_000_000L, false),
                new BudgetProperties.Limit(BudgetScope.TASK, "*", BudgetPeriod.DAY, 2_000_000L, null, true));
        assertThat(properties.limits().get(1).everyName()).isTrue();
        assertThat(properties.limits().get(1).limit()).isEqualTo(new BudgetLimit(2_000_000L, null, true));
        assertThat(properties.reservationTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.alertThresholds()).containsExactly(50, 95);
    }

    @Test
    void should_name_the_entry_when_a_budget_has_no_limit() {
        assertThatThrownBy(() -> bind(Map.of(
                "caravan.budgets.limits[0].scope", "key",
                "caravan.budgets.limits[0].name", "k1",
                "caravan.budgets.limits[0].period", "day")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("caravan.budgets.limits[0] needs max-tokens, max-cost-micros or both");
    }

    @Test
    void should_refuse_to_start_when_a_budget_is_incomplete_or_negative() {
        assertThatThrownBy(() -> limits(new BudgetProperties.Limit(null, "a", BudgetPeriod.DAY, 1L, null, false)))
                .hasMessage("caravan.budgets.limits[0].scope is required (key, user, tenant or task)");
        assertThatThrownBy(() -> limits(new BudgetProperties.Limit(BudgetScope.USER, "a", null, 1L, null, false)))
                .hasMessage("caravan.budgets.limits[0].period is required (day or month)");
        assertThatThrownBy(() -> limits(new BudgetProperties.Limit(BudgetScope.USER, " ", BudgetPeriod.DAY, 1L, null,
                false))).hasMessageStartingWith("caravan.budgets.limits[0].name is required");
        assertThatThrownBy(() -> limits(new BudgetProperties.Limit(BudgetScope.USER, "a", BudgetPeriod.DAY, -1L, null,
                false))).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> limits(new BudgetProperties.Limit(BudgetScope.USER, "a".repeat(256), BudgetPeriod.DAY,
                1L, null, false))).hasMessageContaining("longer than 255");
    }

    @Test
    void should_refuse_to_start_when_the_same_budget_is_declared_twice() {
        assertThatThrownBy(() -> limits(
                new BudgetProperties.Limit(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, 1L, null, false),
                new BudgetProperties.Limit(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, 1L, null, false),
                new BudgetProperties.Limit(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, null, 5L, true)))
                .hasMessage("caravan.budgets.limits[2]: a day budget for tenant 'acme' is declared twice");
    }

    @Test
    void should_refuse_to_start_when_a_setting_is_out_of_range() {
        assertThatThrownBy(() -> new BudgetProperties(null, Duration.ZERO, null, null, null, 0))
                .hasMessage("caravan.budgets.reservation-ttl must be positive: PT0S");
        assertThatThrownBy(() -> new BudgetProperties(null, Duration.ofHours(2), null, Duration.ofHours(1), null, 0))
                .hasMessageContaining("retention (PT1H) must not be shorter than reservation-ttl (PT2H)");
        assertThatThrownBy(() -> new BudgetProperties(null, null, null, null, List.of(80, 101), 0))
                .hasMessageContaining("alert-thresholds must be distinct percentages from 1 to 100");
        assertThatThrownBy(() -> new BudgetProperties(null, null, null, null, List.of(80, 80), 0))
                .hasMessageContaining("alert-thresholds");
        assertThatThrownBy(() -> new BudgetProperties(null, null, null, null, null, -1))
                .hasMessageContaining("default-max-output-tokens must not be negative");
    }

    @Test
    void should_bind_to_the_defaults_when_the_shipped_application_yaml_is_read() throws Exception {
        // given
        var sources = new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));

        // when
        BudgetProperties shipped = new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("caravan.budgets", BudgetProperties.class);

        // then: every setting is spelled out there, at its default, and no budget is declared
        assertThat(sources.get(0).getProperty("caravan.budgets.alert-thresholds[2]")).isEqualTo(100);
        assertThat(sources.get(0).getProperty("caravan.budgets.reservation-ttl")).isEqualTo("15m");
        assertThat(shipped).isEqualTo(BudgetProperties.defaults());
    }

    private static BudgetProperties limits(BudgetProperties.Limit... limits) {
        return BudgetProperties.of(List.of(limits));
    }
}
