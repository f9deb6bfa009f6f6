package dev.caravan.routing;

import static dev.caravan.routing.RoutingFleet.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.caravan.config.Capability;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven routing: strategies, complexity, filters, health, latency, preferences, explanations. */
class RoutingScenariosTest {

    private static final Set<SecurityLevel> ALL = EnumSet.allOf(SecurityLevel.class);
    private static final String HI = "hi, how are you?";
    private static final String CODE = "Write a Python function that merges two sorted lists, with unit tests.";
    private static final String MATH = "Prove that the integral of x^2 from 0 to 1 equals 1/3.";

    private static List<String> ids(RouteDecision decision) {
        return decision.candidates().stream().map(ModelProperties::id).toList();
    }

    private static GatewayException failure(Runnable call) {
        GatewayException e = catchThrowableOfType(GatewayException.class, call::run);
        assertThat(e).as("expected a GatewayException").isNotNull();
        return e;
    }

    private static Set<SecurityLevel> levels(String spec) {
        if (spec.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(spec.split("\\+")).map(s -> SecurityLevel.valueOf(s.trim().toUpperCase()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SecurityLevel.class)));
    }

    private static RoutingPreferences prefs(String strategy, String provider, String model) {
        return new RoutingPreferences(strategy, provider, model);
    }

    @Nested
    class Strategies {

        @ParameterizedTest(name = "{0} with strategy ''{1}'' -> {2} ({3})")
        @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
                # model   | request strategy | expected primary | strategy
                cheap     | -                | local-small      | cost
                quality   | -                | public-vision    | quality
                fast      | -                | private-mid      | latency
                auto      | -                | local-small      | balanced
                auto      | quality          | public-vision    | quality
                auto      | latency          | private-mid      | latency
                auto      | fast             | private-mid      | latency
                cheap     | quality          | public-vision    | quality
                quality   | COST             | local-small      | cost
                """)
        void should_pick_what_the_strategy_favours_when_routing_a_virtual_model(String model, String strategy,
                                                                                 String expected, String used) {
            ModelRouter router = new RoutingFleet().withTypicalLatencies().router();

            RouteDecision d = router.route(chat(model, HI), ALL, prefs(strategy, null, null), "public");

            assertThat(d.primary().id()).isEqualTo(expected);
            assertThat(d.strategy()).isEqualTo(used);
            assertThat(d.explanation()).startsWith(used + ": " + expected + " ");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"auto, balanced", "cheap, cost", "fast, latency", "quality, quality"})
        void should_map_each_virtual_model_to_its_strategy_when_nothing_overrides_it(String model, String strategy) {
            RouteDecision d = new RoutingFleet().router().route(chat(model, HI), ALL, RoutingPreferences.NONE, null);

            assertThat(d.strategy()).isEqualTo(strategy);
            assertThat(RoutingStrategy.of(VirtualModel.parse(model).orElseThrow()).id()).isEqualTo(strategy);
        }

        @Test
        void should_refuse_the_request_when_it_names_an_unknown_strategy() {
            ModelRouter router = new RoutingFleet().router();

            GatewayException e = failure(() -> router.route(chat("auto", HI), ALL, prefs("cheapest<script>", null, null), null));

            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo("x-caravan-strategy");
            assertThat(e.getMessage()).doesNotContain("<script>");
        }

        @Test
        void should_order_every_candidate_by_score_when_routing_a_virtual_model() {
            RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                    .route(chat("cheap", HI), ALL, RoutingPreferences.NONE, null);

            assertThat(ids(d)).containsExactly("local-small", "private-mid", "public-vision", "public-large");
            assertThat(d.scores()).extracting(CandidateScore::model).containsExactlyElementsOf(ids(d));
            assertThat(d.scores()).extracting(CandidateScore::score).isSorted();
        }
    }

    @Nested
    class Complexity {

        static Stream<Arguments> prompts() {
            return Stream.of(
                    Arguments.of(HI, "simple", "local-small"),
                    Arguments.of("Thanks!", "simple", "local-small"),
                    Arguments.of(CODE, "complex", null),
                    Arguments.of(MATH, "complex", null),
                    Arguments.of("```java\nclass A {}\n```\nWhat does this do?", "complex", null),
                    Arguments.of("Compare these two offers step by step:\n1. price\n2. terms\n3. support",
                            "complex", null));
        }

        @ParameterizedTest(name = "{1}: {0}")
        @MethodSource("prompts")
        void should_match_the_tier_to_the_prompt_when_the_model_is_auto(String prompt, String level, String expected) {
            RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                    .route(chat("auto", prompt), ALL, RoutingPreferences.NONE, "public");

            assertThat(d.complexity().level().id()).isEqualTo(level);
            assertThat(d.explanation()).contains(" complexity=" + level + " ");
            if (expected != null) {
                assertThat(d.primary().id()).isEqualTo(expected);
            } else {
                assertThat(d.primary().qualityTier()).as("tier of " + d.primary().id()).isGreaterThanOrEqualTo(3);
            }
        }

        @Test
        void should_prefer_the_best_tier_the_sensitivity_allows_when_a_complex_prompt_must_stay_private() {
            RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                    .route(chat("auto", CODE), levels("local+private"), RoutingPreferences.NONE, "confidential");

            assertThat(ids(d)).containsExactly("private-mid", "local-small");
        }

        @Test
        void should_not_assess_complexity_when_the_strategy_is_not_balanced() {
            RouteDecision cheap = new RoutingFleet().router().route(chat("cheap", CODE), ALL, RoutingPreferences.NONE, null);
            RouteDecision overridden = new RoutingFleet().router()
                    .route(chat("auto", CODE), ALL, prefs("cost", null, null), null);

            assertThat(cheap.complexity()).isNull();
            assertThat(cheap.primary().id()).isEqualTo("local-small");
            assertThat(cheap.explanation()).contains(" complexity=n/a ");
            assertThat(overridden.primary().id()).isEqualTo("local-small");
        }

        @Test
        void should_report_the_signals_when_complexity_decided() {
            RouteDecision d = new RoutingFleet().router().route(chat("auto", MATH), ALL, RoutingPreferences.NONE, null);

            assertThat(d.complexity().signals()).contains(PromptComplexity.MATH);
            assertThat(d.explanation()).contains(" signals=").contains("math");
            assertThat(d.reason()).startsWith("auto: balanced for a complex prompt");
        }
    }

    @Nested
    class Security {

        @ParameterizedTest(name = "{0} allowed {1} prefer {2} -> {3}")
        @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
                # model | allowed        | prefer model  | candidates
                auto    | local          | -             | local-small
                auto    | local+private  | -             | local-small,private-mid
                quality | local+private  | -             | private-mid,local-small
                quality | local          | public-vision | local-small
                cheap   | private        | public-large  | private-mid
                quality | public         | -             | public-vision,public-large
                """)
        void should_route_only_to_cleared_models_when_the_sensitivity_restricts_levels(String model, String allowed,
                                                                                       String preferModel,
                                                                                       String expected) {
            RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                    .route(chat(model, HI), levels(allowed), prefs(null, null, preferModel), "restricted");

            assertThat(ids(d)).containsExactly(expected.split(","));
            if (preferModel != null) {
                assertThat(d.explanation()).contains(" prefer-model-ignored=not-allowed");
            }
        }

        static Stream<Arguments> everyCombination() {
            List<Arguments> all = new ArrayList<>();
            List<Set<SecurityLevel>> subsets = List.of(EnumSet.of(SecurityLevel.LOCAL), EnumSet.of(SecurityLevel.PRIVATE),
                    EnumSet.of(SecurityLevel.PUBLIC), EnumSet.of(SecurityLevel.LOCAL, SecurityLevel.PRIVATE),
                    EnumSet.of(SecurityLevel.LOCAL, SecurityLevel.PUBLIC),
                    EnumSet.of(SecurityLevel.PRIVATE, SecurityLevel.PUBLIC), EnumSet.allOf(SecurityLevel.class));
            for (Set<SecurityLevel> allowed : subsets) {
                for (VirtualModel v : VirtualModel.values()) {
                    for (String prefer : new String[] {null, "local-small", "private-mid", "public-large", "public-vision"}) {
                        for (String provider : new String[] {null, "openai", "anthropic"}) {
                            all.add(Arguments.of(allowed, v.id(), prefer, provider));
                        }
                    }
                }
            }
            return all.stream();
        }

        @ParameterizedTest(name = "{0} {1} prefer {2}/{3}")
        @MethodSource("everyCombination")
        void should_never_return_a_disallowed_model_when_one_is_preferred(Set<SecurityLevel> allowed, String model,
                                                                          String preferModel, String preferProvider) {
            for (String prompt : List.of(HI, CODE)) {
                RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                        .route(chat(model, prompt), allowed, prefs(null, preferProvider, preferModel), "x");

                assertThat(d.candidates()).allSatisfy(m -> assertThat(allowed).contains(m.securityLevel()));
            }
        }

        @ParameterizedTest(name = "explicit {0} with {1}")
        @CsvSource({"public-large, local+private", "private-mid, local", "local-small, public"})
        void should_refuse_an_explicit_model_when_it_is_not_cleared(String model, String allowed) {
            ModelRouter router = new RoutingFleet().router();

            GatewayException e = failure(() -> router.route(chat(model, HI), levels(allowed), RoutingPreferences.NONE,
                    "confidential"));

            assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_ALLOWED);
            assertThat(e.kind().code()).isEqualTo("model_not_allowed");
            assertThat(e.kind().status()).isEqualTo(403);
            assertThat(e.param()).isEqualTo("model");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"auto", "cheap", "quality", "fast", "local-small", "public-vision"})
        void should_refuse_every_request_when_no_level_is_allowed(String model) {
            ModelRouter router = new RoutingFleet().router();

            GatewayException empty = failure(() -> router.route(chat(model, HI), Set.of(), RoutingPreferences.NONE,
                    "restricted"));
            GatewayException nullSet = failure(() -> router.route(chat(model, HI), null, "restricted"));

            assertThat(empty.kind()).isEqualTo(ErrorKind.NO_MODEL_CLEARED);
            assertThat(empty.getMessage().toLowerCase()).contains("no model is cleared for this request's sensitivity");
            assertThat(nullSet.kind()).isEqualTo(ErrorKind.NO_MODEL_CLEARED);
        }

        @Test
        void should_refuse_rather_than_fall_back_when_no_cleared_model_can_serve_the_request() {
            // vision exists only at public level; a local-only request must not get it
            ModelRouter router = new RoutingFleet().router();

            GatewayException e = failure(() -> router.route(chat("auto", HI), Set.of(Capability.TEXT, Capability.VISION),
                    levels("local+private"), RoutingPreferences.NONE, "confidential"));

            assertThat(e.kind()).isEqualTo(ErrorKind.NO_MODEL_CLEARED);
            assertThat(e.getMessage()).contains("confidential");
        }

        @Test
        void should_take_an_explicit_model_as_asked_when_it_is_cleared() {
            RouteDecision d = new RoutingFleet().router()
                    .route(chat("public-large", HI), ALL, prefs("cheap", "openai", "local-small"), "public");

            assertThat(ids(d)).containsExactly("public-large");
            assertThat(d.reason()).isEqualTo("explicit model");
            assertThat(d.explanation()).isEqualTo("explicit: public-large sensitivity=public candidates=1");
        }
    }

    @Nested
    class Capabilities {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                TEXT             | local-small,private-mid,public-vision,public-large
                TEXT+VISION      | public-vision
                TEXT+TOOLS       | public-vision
                TEXT+REASONING   | public-large
                """)
        void should_consider_only_capable_models_when_the_request_needs_capabilities(String needed, String expected) {
            Set<Capability> caps = Arrays.stream(needed.split("\\+")).map(Capability::valueOf)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));

            RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                    .route(chat("cheap", HI), caps, ALL, RoutingPreferences.NONE, null);

            assertThat(ids(d)).containsExactlyInAnyOrder(expected.split(","));
        }

        @Test
        void should_route_an_embedding_request_to_embedding_models_only() {
            GatewayRequest request = RoutingFleet.request("auto", new EmbeddingRequest(List.of("a text", "another")),
                    Caller.anonymous());

            RouteDecision d = new RoutingFleet().router().route(request, ALL, "public");

            assertThat(ids(d)).containsExactly("embed-local", "embed-public");
            assertThat(ModelRouter.neededCapabilities(request.payload())).containsExactly(Capability.EMBEDDING);
            assertThat(ModelRouter.neededCapabilities(chat("auto", HI).payload())).containsExactly(Capability.TEXT);
        }

        @Test
        void should_refuse_an_explicit_model_when_it_lacks_a_needed_capability() {
            ModelRouter router = new RoutingFleet().router();

            GatewayException e = failure(() -> router.route(chat("local-small", HI),
                    Set.of(Capability.TEXT, Capability.VISION), ALL, RoutingPreferences.NONE, null));

            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("vision").doesNotContain("text");
        }
    }

    @Nested
    class ContextWindow {

        /** About 20 000 tokens: too long for local-small's 16 384, fine for the others. */
        private static final String LONG = "The weather was pleasant and the streets were quiet. ".repeat(1_800);

        @Test
        void should_leave_out_models_whose_context_window_is_too_small_when_the_prompt_is_long() {
            long tokens = RoutingFleet.TestTokens.COUNTER.count(LONG);
            assertThat(tokens).isBetween(16_384L, 31_000L);

            RouteDecision d = new RoutingFleet().router().route(chat("cheap", LONG), ALL, RoutingPreferences.NONE, null);

            assertThat(ids(d)).doesNotContain("local-small").first().isEqualTo("private-mid");
        }

        @Test
        void should_count_the_requested_answer_when_max_tokens_is_given() {
            // a short prompt, but 100 000 answer tokens only fit the 128k models
            RouteDecision d = new RoutingFleet().router().route(chat("cheap", HI, 100_000, Caller.anonymous()), ALL,
                    RoutingPreferences.NONE, null);

            assertThat(ids(d)).containsExactlyInAnyOrder("public-large", "public-vision");
        }

        @Test
        void should_reserve_answer_tokens_when_max_tokens_is_not_given() {
            // 16 384 - 1 024 reserved: a prompt just under the window no longer fits local-small
            String prompt = "word ".repeat(15_800);
            RouteDecision d = new RoutingFleet().router().route(chat("cheap", prompt), ALL, RoutingPreferences.NONE, null);

            assertThat(ids(d)).doesNotContain("local-small");
        }

        @Test
        void should_refuse_the_request_when_no_cleared_model_has_a_large_enough_window() {
            ModelRouter router = new RoutingFleet().router();

            GatewayException e = failure(() -> router.route(chat("auto", LONG), levels("local"),
                    RoutingPreferences.NONE, "restricted"));

            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo("messages");
        }
    }

    @Nested
    class Health {

        private static final ModelProperties TWIN_A = TestModels.model("twin-a").prices(100, 100).priority(1)
                .qualityTier(2).latencyBudgetMs(1_000).build();
        private static final ModelProperties TWIN_B = TestModels.model("twin-b").prices(100, 100).priority(2)
                .qualityTier(2).latencyBudgetMs(4_000).build();

        @ParameterizedTest(name = "twin-a {0} -> {1}")
        @CsvSource({"HEALTHY, 'twin-a,twin-b'", "DEGRADED, 'twin-b,twin-a'", "DOWN, twin-b"})
        void should_exclude_down_and_penalise_degraded_models_when_ranking(ModelHealth health, String expected) {
            RoutingFleet fleet = new RoutingFleet(List.of(TWIN_A, TWIN_B));
            fleet.latency.record("twin-a", 500);
            fleet.latency.record("twin-b", 500);
            fleet.health.put("twin-a", health);

            RouteDecision d = fleet.router().route(chat("auto", HI), ALL, RoutingPreferences.NONE, null);

            assertThat(ids(d)).containsExactly(expected.split(","));
        }

        @Test
        void should_keep_a_degraded_model_first_when_it_is_clearly_the_best() {
            // without private-mid, the healthy alternatives cost several times as much
            RoutingFleet fleet = new RoutingFleet().withTypicalLatencies();
            fleet.health.put("local-small", ModelHealth.DEGRADED);

            RouteDecision d = fleet.router().route(chat("cheap", HI), levels("local+public"), RoutingPreferences.NONE,
                    null);

            assertThat(d.primary().id()).isEqualTo("local-small");
            assertThat(d.scores().get(0).health()).isEqualTo(ModelHealth.DEGRADED);
            assertThat(d.scores().get(0).penalty()).isGreaterThanOrEqualTo(ModelRouter.DEGRADED_PENALTY);
        }

        @Test
        void should_fail_as_unavailable_when_every_capable_model_is_down() {
            RoutingFleet fleet = new RoutingFleet(List.of(TWIN_A, TWIN_B));
            fleet.health.put("twin-a", ModelHealth.DOWN);
            fleet.health.put("twin-b", ModelHealth.DOWN);

            GatewayException e = failure(() -> fleet.router().route(chat("auto", HI), ALL, RoutingPreferences.NONE, null));

            assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_UNAVAILABLE);
        }

        @Test
        void should_ignore_a_preferred_model_when_it_is_down() {
            RoutingFleet fleet = new RoutingFleet().withTypicalLatencies();
            fleet.health.put("public-vision", ModelHealth.DOWN);

            RouteDecision d = fleet.router().route(chat("auto", HI), ALL, prefs(null, null, "public-vision"), null);

            assertThat(ids(d)).doesNotContain("public-vision");
            assertThat(d.explanation()).contains(" prefer-model-ignored=down");
        }

        @Test
        void should_penalise_a_model_when_its_rolling_latency_exceeds_its_budget() {
            // both run at 2 s: twin-a is 100 % over its 1 s budget, twin-b within its 4 s one
            RoutingFleet fleet = new RoutingFleet(List.of(TWIN_A, TWIN_B));
            fleet.latency.record("twin-a", 2_000);
            fleet.latency.record("twin-b", 2_000);

            RouteDecision d = fleet.router().route(chat("auto", HI), ALL, RoutingPreferences.NONE, null);

            assertThat(ids(d)).containsExactly("twin-b", "twin-a");
            CandidateScore a = d.scores().get(1);
            assertThat(a.penalty()).isGreaterThanOrEqualTo(ModelRouter.OVER_BUDGET_PENALTY);
            assertThat(a.expectedLatencyMs()).isEqualTo(2_000.0);
            assertThat(a.latencyMeasured()).isTrue();
        }

        @Test
        void should_follow_the_rolling_average_when_latency_drifts_over_budget() {
            RoutingFleet fleet = new RoutingFleet(List.of(TWIN_A, TWIN_B));
            fleet.latency.record("twin-a", 900);
            fleet.latency.record("twin-b", 900);
            ModelRouter router = fleet.router();
            assertThat(router.route(chat("auto", HI)).primary().id()).isEqualTo("twin-a");

            // twin-a slows down (EWMA 0.8/0.2): 900 -> 1120 -> 1296 -> ... over its 1 s budget
            for (int i = 0; i < 3; i++) {
                fleet.latency.record("twin-a", 2_000);
                fleet.latency.record("twin-b", 900);
            }

            assertThat(fleet.latency.ewmaMillis("twin-a").getAsDouble()).isGreaterThan(1_000);
            assertThat(router.route(chat("auto", HI)).primary().id()).isEqualTo("twin-b");
        }

        @Test
        void should_assume_the_budget_when_a_model_was_never_measured() {
            RouteDecision d = new RoutingFleet(List.of(TWIN_A, TWIN_B)).router()
                    .route(chat("fast", HI), ALL, RoutingPreferences.NONE, null);

            assertThat(ids(d)).containsExactly("twin-a", "twin-b");
            assertThat(d.scores()).extracting(CandidateScore::expectedLatencyMs).containsExactly(1_000.0, 4_000.0);
            assertThat(d.scores()).extracting(CandidateScore::latencyMeasured).containsOnly(false);
        }
    }

    @Nested
    class Preferences {

        @ParameterizedTest(name = "prefer {0}/{1} -> {2}")
        @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
                # model         | provider  | expected order                                       | note
                public-large    | -         | public-large,local-small,private-mid,public-vision   | preferred=model
                -               | openai    | public-vision,local-small,private-mid,public-large   | preferred=provider
                -               | OpenAI    | public-vision,local-small,private-mid,public-large   | preferred=provider
                private-mid     | anthropic | private-mid,public-large,local-small,public-vision   | preferred=model+provider
                no-such-model   | -         | local-small,private-mid,public-vision,public-large   | prefer-model-ignored=unknown
                embed-local     | -         | local-small,private-mid,public-vision,public-large   | prefer-model-ignored=not-capable
                -               | gemini    | local-small,private-mid,public-vision,public-large   | prefer-provider-ignored=unknown
                -               | in-process| local-small,private-mid,public-vision,public-large   | prefer-provider-ignored=no-candidate
                """)
        void should_put_the_preferred_candidate_first_when_it_is_valid(String model, String provider, String expected,
                                                                       String note) {
            RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                    .route(chat("cheap", HI), ALL, prefs(null, provider, model), null);

            assertThat(ids(d)).containsExactly(expected.split(","));
            assertThat(d.explanation()).contains(" " + note);
        }

        @Test
        void should_read_the_preferences_from_the_request_when_called_from_the_pipeline() {
            GatewayRequest request = new GatewayRequest("req_1", dev.caravan.gateway.Channel.REST, Caller.anonymous(),
                    null, "auto", chat("auto", HI).payload(),
                    new dev.caravan.gateway.RequestOptions("quality", null, "private-mid"), java.time.Instant.now());

            RouteDecision d = new RoutingFleet().router().route(request, ALL, "public");

            assertThat(d.strategy()).isEqualTo("quality");
            assertThat(d.primary().id()).isEqualTo("private-mid");
            assertThat(d.explanation()).contains(" via=request").contains(" preferred=model");
        }
    }

    @Nested
    class Explanation {

        private static final Pattern FORMAT = Pattern.compile("^(balanced|cost|quality|latency): [a-z0-9.-]+"
                + " score=\\d+\\.\\d{4} complexity=(simple|moderate|complex|n/a) sensitivity=[a-z0-9_-]+"
                + " candidates=\\d+ via=(request|model|tenant-service|tenant|default)( [a-z-]+=[a-z0-9.,+-]+)*$");

        @ParameterizedTest(name = "{0} / {1}")
        @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
                auto    | hi, how are you?                          | public
                auto    | Prove the theorem step by step            | confidential
                cheap   | hello                                     | -
                fast    | hello                                     | INTERNAL
                quality | tell me a secret: hunter2                 | restricted
                """)
        void should_explain_in_one_header_safe_line_when_routing(String model, String prompt, String sensitivity) {
            RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                    .route(chat(model, prompt), ALL, RoutingPreferences.NONE, sensitivity);

            assertThat(d.explanation()).matches(FORMAT);
            assertThat(d.explanation()).doesNotContain("hunter2").doesNotContain("theorem").doesNotContain("hello");
            assertThat(d.explanation()).contains(" candidates=" + d.candidates().size() + " ");
        }

        @Test
        void should_match_the_documented_example_when_balanced_picks_the_small_model() {
            RouteDecision d = new RoutingFleet().withTypicalLatencies().router()
                    .route(chat("auto", HI), levels("local+private"), RoutingPreferences.NONE, "confidential");

            assertThat(d.explanation()).startsWith("balanced: local-small score=")
                    .endsWith(" complexity=simple sensitivity=confidential candidates=2 via=default");
        }

        @Test
        void should_never_echo_caller_input_when_preferences_or_sensitivity_are_hostile() {
            String hostile = "x\r\nSet-Cookie: a=b \u00e9";

            RouteDecision d = new RoutingFleet().router()
                    .route(chat("auto", HI), ALL, prefs(null, hostile, hostile), hostile);

            assertThat(d.explanation()).doesNotContain("Set-Cookie").doesNotContain("\r").doesNotContain("\n");
            assertThat(d.explanation().chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
            assertThat(d.explanation()).contains(" prefer-model-ignored=unknown")
                    .contains(" prefer-provider-ignored=unknown")
                    .contains(" sensitivity=xset-cookieab ");
        }

        @Test
        void should_keep_reason_and_explanation_when_a_decision_is_built_by_hand() {
            RouteDecision d = new RouteDecision(List.of(RoutingFleet.LOCAL_SMALL), "auto");

            assertThat(d.reason()).isEqualTo("auto");
            assertThat(d.explanation()).isEqualTo("auto");
            assertThat(d.scores()).isEmpty();
            assertThat(d.primary()).isEqualTo(RoutingFleet.LOCAL_SMALL);
        }

        @Test
        void should_format_scores_with_four_decimals_when_explaining() {
            assertThat(ModelRouter.decimal(0.00123)).isEqualTo("0.0012");
            assertThat(ModelRouter.decimal(1.5)).isEqualTo("1.5000");
            assertThat(ModelRouter.decimal(0)).isEqualTo("0.0000");
            assertThat(ModelRouter.decimal(12.34567)).isEqualTo("12.3457");
        }
    }

    @Test
    void should_give_the_listing_preview_the_same_primary_as_routing_when_nothing_else_differs() {
        RoutingFleet fleet = new RoutingFleet().withTypicalLatencies();
        ModelRouter router = fleet.router();

        assertThat(router.preview(VirtualModel.CHEAP, Capability.TEXT)).map(ModelProperties::id).contains("local-small");
        assertThat(router.preview(VirtualModel.QUALITY, Capability.TEXT)).map(ModelProperties::id).contains("public-vision");
        assertThat(router.preview(VirtualModel.FAST, Capability.TEXT)).map(ModelProperties::id).contains("private-mid");
        assertThat(router.preview(VirtualModel.AUTO, Capability.EMBEDDING)).map(ModelProperties::id).contains("embed-local");
        assertThat(router.preview(VirtualModel.QUALITY, Capability.TEXT).orElseThrow().provider())
                .isEqualTo(ProviderType.OPENAI);
    }
}
