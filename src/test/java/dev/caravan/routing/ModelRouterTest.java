package dev.caravan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.caravan.config.Capability;
import dev.caravan.config.CaravanProperties;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ModelRouterTest {

    // id, provider, key env, input price, output price, priority, quality tier
    private static final ModelProperties SIM_SMALL =
            model("sim-small", ProviderType.SIMULATOR, null, 100_000, 400_000, 10, 1);
    private static final ModelProperties SIM_LARGE =
            model("sim-large", ProviderType.SIMULATOR, null, 2_000_000, 8_000_000, 20, 3);
    private static final ModelProperties SIM_MEDIUM =
            model("sim-medium", ProviderType.SIMULATOR, null, 500_000, 1_500_000, 5, 2);
    private static final ModelProperties GPT =
            model("gpt-4o", ProviderType.OPENAI, "OPENAI_API_KEY", 1, 1, 0, 9);
    private static final ModelProperties OFF =
            TestModels.model("sim-off").priority(0).qualityTier(10).enabled(false).build();
    private static final ModelProperties MINILM = TestModels.model("minilm").provider(ProviderType.IN_PROCESS)
            .capabilities(Capability.EMBEDDING).priority(1).build();

    private final MockEnvironment environment = new MockEnvironment();
    private final LatencyTracker latency = new LatencyTracker();

    private static ModelProperties model(String id, ProviderType provider, String keyEnv, long in, long out,
                                         int priority, int tier) {
        return TestModels.model(id).provider(provider).apiKeyEnv(keyEnv).prices(in, out).priority(priority)
                .qualityTier(tier).build();
    }

    private ModelCatalog catalog(ModelProperties... models) {
        return new ModelCatalog(new CaravanProperties("./data", null, List.of(models)), environment);
    }

    private ModelRouter router(ModelProperties... models) {
        return new ModelRouter(catalog(models), latency);
    }

    private static GatewayRequest chat(String model) {
        return TestRequests.chat(model);
    }

    private static GatewayRequest embedding(String model) {
        return TestRequests.embedding(model);
    }

    private static GatewayException failure(Runnable call) {
        GatewayException e = catchThrowableOfType(GatewayException.class, call::run);
        assertThat(e).as("expected a GatewayException").isNotNull();
        return e;
    }

    private static List<String> ids(RouteDecision decision) {
        return decision.candidates().stream().map(ModelProperties::id).toList();
    }

    @Test
    void should_route_to_exactly_that_model_when_an_explicit_model_is_asked_for() {
        RouteDecision decision = router(SIM_SMALL, SIM_LARGE).route(chat("sim-large"));

        assertThat(ids(decision)).containsExactly("sim-large");
        assertThat(decision.primary()).isEqualTo(SIM_LARGE);
        assertThat(decision.reason()).isEqualTo("explicit model");
    }

    @Test
    void should_fail_with_model_not_found_when_the_model_is_unknown() {
        GatewayException e = failure(() -> router(SIM_SMALL).route(chat("gpt-9")));

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.getMessage()).contains("gpt-9");
    }

    @Test
    void should_fail_with_model_unavailable_when_the_model_is_disabled() {
        GatewayException e = failure(() -> router(SIM_SMALL, OFF).route(chat("sim-off")));

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_UNAVAILABLE);
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.getMessage()).contains("sim-off").contains("disabled");
    }

    @Test
    void should_disable_the_model_for_lack_of_a_key_when_its_key_variable_is_not_set() {
        // when
        ModelCatalog catalog = catalog(SIM_SMALL, GPT);

        // then
        assertThat(catalog.find("gpt-4o")).get().extracting(ModelCatalog.CatalogEntry::status)
                .isEqualTo(ModelStatus.DISABLED_NO_KEY);
        assertThat(catalog.enabled()).containsExactly(SIM_SMALL);
        GatewayException e = failure(() -> new ModelRouter(catalog, latency).route(chat("gpt-4o")));
        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_UNAVAILABLE);
        assertThat(e.getMessage()).contains("no api key");
    }

    @Test
    void should_disable_the_model_when_its_key_variable_is_blank() {
        environment.setProperty("OPENAI_API_KEY", "   ");

        assertThat(catalog(GPT).find("gpt-4o")).get().extracting(ModelCatalog.CatalogEntry::status)
                .isEqualTo(ModelStatus.DISABLED_NO_KEY);
    }

    @Test
    void should_enable_the_model_when_its_key_variable_is_set() {
        // given
        environment.setProperty("OPENAI_API_KEY", "sk-test");

        // when
        ModelCatalog catalog = catalog(SIM_SMALL, GPT);

        // then
        assertThat(catalog.find("gpt-4o")).get().extracting(ModelCatalog.CatalogEntry::status)
                .isEqualTo(ModelStatus.ENABLED);
        assertThat(ids(new ModelRouter(catalog, latency).route(chat("gpt-4o")))).containsExactly("gpt-4o");
    }

    @Test
    void should_disable_an_ollama_model_when_it_has_no_base_url() {
        var ollama = TestModels.model("llama").provider(ProviderType.OLLAMA).build();
        var ollamaWithUrl = TestModels.model("llama-url").provider(ProviderType.OLLAMA)
                .baseUrl("http://localhost:11434").build();

        ModelCatalog catalog = catalog(ollama, ollamaWithUrl);

        assertThat(catalog.find("llama")).get().extracting(ModelCatalog.CatalogEntry::status)
                .isEqualTo(ModelStatus.DISABLED_NO_KEY);
        assertThat(catalog.find("llama-url")).get().extracting(ModelCatalog.CatalogEntry::status)
                .isEqualTo(ModelStatus.ENABLED);
    }

    @Test
    void should_keep_declaration_order_when_listing_the_catalog() {
        ModelCatalog catalog = catalog(SIM_LARGE, OFF, SIM_SMALL);

        assertThat(catalog.all()).extracting(e -> e.model().id()).containsExactly("sim-large", "sim-off", "sim-small");
        assertThat(catalog.find("nope")).isEmpty();
    }

    @Test
    void should_reject_the_request_when_an_explicit_model_lacks_the_needed_capability() {
        GatewayException e = failure(() -> router(SIM_SMALL, MINILM).route(embedding("sim-small")));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.getMessage()).contains("embedding");
    }

    @Test
    void should_reject_a_chat_request_when_an_explicit_model_only_embeds() {
        GatewayException e = failure(() -> router(SIM_SMALL, MINILM).route(chat("minilm")));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("text");
    }

    // Changed with the scoring router: auto is the balanced strategy adapted to the prompt, and
    // "hi" is a simple prompt, so cost leads (it used to be plain priority order: medium, small, large).
    @Test
    void should_lean_to_cost_when_the_model_is_auto_and_the_prompt_is_simple() {
        RouteDecision decision = router(SIM_SMALL, SIM_LARGE, SIM_MEDIUM).route(chat("auto"));

        assertThat(ids(decision)).containsExactly("sim-small", "sim-medium", "sim-large");
        assertThat(decision.reason()).startsWith("auto");
    }

    @Test
    void should_order_by_input_plus_output_price_when_the_model_is_cheap() {
        // a model cheap on input but expensive in total must not win
        var skewed = model("skewed", ProviderType.SIMULATOR, null, 0, 12_000_000, 0, 0);

        RouteDecision decision = router(SIM_LARGE, skewed, SIM_MEDIUM, SIM_SMALL).route(chat("cheap"));

        assertThat(ids(decision)).containsExactly("sim-small", "sim-medium", "sim-large", "skewed");
    }

    // Changed with the scoring router: cost is estimated per request (prompt tokens at the input
    // price plus the expected answer at the output price), so 50/150 no longer ties with 100/100;
    // the tie is now an exact one.
    @Test
    void should_break_price_ties_by_priority_when_the_model_is_cheap() {
        var a = model("a", ProviderType.SIMULATOR, null, 100, 100, 9, 0);
        var b = model("b", ProviderType.SIMULATOR, null, 100, 100, 1, 0);

        assertThat(ids(router(a, b).route(chat("cheap")))).containsExactly("b", "a");
    }

    @Test
    void should_weigh_the_output_price_by_the_expected_answer_when_the_model_is_cheap() {
        // the answer (1024 reserved tokens) dwarfs a two-token prompt: the cheaper output wins
        var a = model("a", ProviderType.SIMULATOR, null, 100, 100, 9, 0);
        var b = model("b", ProviderType.SIMULATOR, null, 50, 150, 1, 0);

        assertThat(ids(router(a, b).route(chat("cheap")))).containsExactly("a", "b");
    }

    @Test
    void should_order_by_highest_quality_tier_when_the_model_is_quality() {
        RouteDecision decision = router(SIM_SMALL, SIM_LARGE, SIM_MEDIUM).route(chat("quality"));

        assertThat(ids(decision)).containsExactly("sim-large", "sim-medium", "sim-small");
    }

    @Test
    void should_order_by_lowest_rolling_latency_when_the_model_is_fast() {
        // given
        latency.record("sim-small", 900);
        latency.record("sim-large", 100);
        latency.record("sim-medium", 400);

        // when
        RouteDecision decision = router(SIM_SMALL, SIM_LARGE, SIM_MEDIUM).route(chat("fast"));

        // then
        assertThat(ids(decision)).containsExactly("sim-large", "sim-medium", "sim-small");
    }

    // Changed with the scoring router: an unmeasured model is assumed to run at its latency budget
    // (5 s by default) instead of being tried first; unmeasured ties fall to the other terms, then priority.
    @Test
    void should_assume_the_latency_budget_for_unmeasured_models_when_the_model_is_fast() {
        latency.record("sim-medium", 10);

        RouteDecision decision = router(SIM_SMALL, SIM_LARGE, SIM_MEDIUM).route(chat("fast"));

        assertThat(ids(decision)).containsExactly("sim-medium", "sim-small", "sim-large");
    }

    @Test
    void should_leave_out_disabled_models_when_routing_a_virtual_model() {
        // OFF and GPT (no key) would win on priority and quality if they were considered
        RouteDecision auto = router(SIM_SMALL, OFF, GPT, SIM_LARGE).route(chat("auto"));
        RouteDecision quality = router(SIM_SMALL, OFF, GPT, SIM_LARGE).route(chat("quality"));

        assertThat(ids(auto)).containsExactly("sim-small", "sim-large");
        assertThat(ids(quality)).containsExactly("sim-large", "sim-small");
    }

    @Test
    void should_only_consider_capable_models_when_routing_a_virtual_model() {
        assertThat(ids(router(SIM_SMALL, MINILM).route(embedding("auto")))).containsExactly("minilm");
        assertThat(ids(router(SIM_SMALL, MINILM).route(chat("cheap")))).containsExactly("sim-small");
    }

    @Test
    void should_fail_with_model_unavailable_when_no_enabled_model_is_capable() {
        GatewayException e = failure(() -> router(SIM_SMALL, OFF).route(embedding("auto")));

        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_UNAVAILABLE);
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.getMessage()).contains("embedding");
    }

    @Test
    void should_preview_the_model_a_virtual_model_would_pick_when_listing() {
        ModelRouter router = router(SIM_SMALL, SIM_LARGE, SIM_MEDIUM, OFF, MINILM);

        assertThat(router.preview(VirtualModel.AUTO, Capability.TEXT)).contains(SIM_MEDIUM);
        assertThat(router.preview(VirtualModel.CHEAP, Capability.TEXT)).contains(SIM_SMALL);
        assertThat(router.preview(VirtualModel.QUALITY, Capability.TEXT)).contains(SIM_LARGE);
        assertThat(router.preview(VirtualModel.AUTO, Capability.EMBEDDING)).contains(MINILM);
        assertThat(router.preview(VirtualModel.AUTO, Capability.VISION)).isEmpty();
    }

    @Test
    void should_agree_with_route_when_previewing_fast() {
        latency.record("sim-small", 50);
        latency.record("sim-large", 20);
        latency.record("sim-medium", 30);
        ModelRouter router = router(SIM_SMALL, SIM_LARGE, SIM_MEDIUM);

        assertThat(router.preview(VirtualModel.FAST, Capability.TEXT)).contains(SIM_LARGE);
        assertThat(router.route(chat("fast")).primary()).isEqualTo(SIM_LARGE);
    }

    @Test
    void should_treat_virtual_names_case_sensitively_when_parsing() {
        assertThat(VirtualModel.parse("auto")).contains(VirtualModel.AUTO);
        assertThat(VirtualModel.parse("AUTO")).isEmpty();
        assertThat(VirtualModel.parse(null)).isEmpty();
    }
}
