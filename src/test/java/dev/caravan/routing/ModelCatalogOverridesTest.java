package dev.caravan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.caravan.config.CaravanProperties;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Admin overrides laid over the configured models, and the router seeing them on the next request. */
class ModelCatalogOverridesTest {

    private static final ModelProperties CHEAP = TestModels.model("cheap-one").prices(100_000, 400_000).priority(1)
            .qualityTier(1).latencyBudgetMs(500).build();
    private static final ModelProperties PRICEY = TestModels.model("pricey-one").prices(3_000_000, 12_000_000)
            .priority(3).qualityTier(1).build();
    private static final ModelProperties OFF = TestModels.model("off-one").prices(1, 1).enabled(false).build();
    private static final ModelProperties KEYED = TestModels.model("keyed-one").provider(ProviderType.OPENAI)
            .apiKeyEnv("NOT_SET_IN_THIS_TEST").prices(1, 1).build();

    private final ModelCatalog catalog = new ModelCatalog(
            new CaravanProperties("./data", null, List.of(CHEAP, PRICEY, OFF, KEYED)), new MockEnvironment());
    private final ModelRouter router = new ModelRouter(catalog, new LatencyTracker());

    private static ModelOverride override(String id, Boolean enabled, Integer priority, Long in, Long out, Long budget) {
        return new ModelOverride(id, enabled, priority, in, out, budget, null);
    }

    @Test
    void should_take_each_overridden_field_and_keep_the_others_when_an_override_is_applied() {
        catalog.applyOverrides(Map.of("cheap-one", override("cheap-one", null, 7, 9L, null, 1234L)));

        ModelCatalog.CatalogEntry entry = catalog.find("cheap-one").orElseThrow();
        assertThat(entry.model().priority()).isEqualTo(7);
        assertThat(entry.model().inputPricePer1m()).isEqualTo(9);
        assertThat(entry.model().outputPricePer1m()).as("not overridden").isEqualTo(400_000);
        assertThat(entry.model().latencyBudgetMs()).isEqualTo(1234);
        assertThat(entry.model().qualityTier()).isEqualTo(1);
        assertThat(entry.configured()).isEqualTo(CHEAP);
        assertThat(entry.override().priority()).isEqualTo(7);
        assertThat(catalog.find("pricey-one").orElseThrow().override()).isNull();

        catalog.applyOverrides(Map.of());
        assertThat(catalog.find("cheap-one").orElseThrow().model()).isEqualTo(CHEAP);
    }

    @Test
    void should_disable_a_configured_model_and_enable_a_configured_off_one_when_overridden() {
        catalog.applyOverrides(Map.of("cheap-one", override("cheap-one", false, null, null, null, null),
                "off-one", override("off-one", true, null, null, null, null)));

        assertThat(catalog.find("cheap-one").orElseThrow().status()).isEqualTo(ModelStatus.DISABLED);
        assertThat(catalog.find("off-one").orElseThrow().status()).isEqualTo(ModelStatus.ENABLED);
        assertThat(catalog.enabled()).extracting(ModelProperties::id).containsExactly("pricey-one", "off-one");
    }

    @Test
    void should_enable_a_model_when_its_provider_key_is_stored_though_the_environment_has_none() {
        assertThat(catalog.find("keyed-one").orElseThrow().status()).isEqualTo(ModelStatus.DISABLED_NO_KEY);

        catalog.applyStoredKeys(Set.of("openai"));
        assertThat(catalog.find("keyed-one").orElseThrow().status()).isEqualTo(ModelStatus.ENABLED);

        catalog.applyOverrides(Map.of("keyed-one", override("keyed-one", false, null, null, null, null)));
        assertThat(catalog.find("keyed-one").orElseThrow().status()).as("disabled wins over a key")
                .isEqualTo(ModelStatus.DISABLED);

        catalog.applyOverrides(Map.of());
        catalog.applyStoredKeys(Set.of());
        assertThat(catalog.find("keyed-one").orElseThrow().status()).isEqualTo(ModelStatus.DISABLED_NO_KEY);
    }

    @Test
    void should_keep_the_snapshot_when_the_same_overrides_are_applied_again() {
        Map<String, ModelOverride> overrides = Map.of("cheap-one", override("cheap-one", null, 2, null, null, null));
        catalog.applyOverrides(overrides);
        ModelCatalog.Snapshot before = catalog.snapshot();

        catalog.applyOverrides(Map.copyOf(overrides));
        catalog.applyStoredKeys(Set.of());

        assertThat(catalog.snapshot()).isSameAs(before);
    }

    @Test
    void should_refuse_a_named_model_and_route_around_it_on_the_next_request_when_it_is_disabled() {
        assertThat(router.route(TestRequests.chat("cheap")).primary().id()).isEqualTo("cheap-one");

        catalog.applyOverrides(Map.of("cheap-one", override("cheap-one", false, null, null, null, null)));

        GatewayException named = catchThrowableOfType(GatewayException.class,
                () -> router.route(TestRequests.chat("cheap-one")));
        assertThat(named.kind()).isEqualTo(ErrorKind.MODEL_UNAVAILABLE);
        assertThat(named.getMessage()).contains("disabled");
        assertThat(router.route(TestRequests.chat("cheap")).candidates()).extracting(ModelProperties::id)
                .doesNotContain("cheap-one").contains("pricey-one");
    }

    @Test
    void should_rank_and_price_by_the_new_prices_on_the_next_request_when_prices_change() {
        catalog.applyOverrides(Map.of("pricey-one", override("pricey-one", null, null, 1L, 1L, null)));

        RouteDecision decision = router.route(TestRequests.chat("cheap"));

        assertThat(decision.primary().id()).isEqualTo("pricey-one");
        assertThat(decision.primary().inputPricePer1m()).as("the candidate carries the price in effect").isEqualTo(1);
    }

    @Test
    void should_use_the_new_default_strategy_and_go_back_to_the_configured_one_when_cleared() {
        assertThat(router.defaultStrategy()).isEqualTo(RoutingStrategy.BALANCED);

        router.defaultStrategy(RoutingStrategy.QUALITY);
        assertThat(router.route(TestRequests.chat("auto")).strategy()).isEqualTo("quality");

        router.defaultStrategy(null);
        assertThat(router.defaultStrategy()).isEqualTo(router.configuredDefaultStrategy())
                .isEqualTo(RoutingStrategy.BALANCED);
    }
}
