package dev.caravan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.budget.BudgetCounter;
import dev.caravan.budget.BudgetEstimator;
import dev.caravan.budget.BudgetExceededException;
import dev.caravan.budget.BudgetLedger;
import dev.caravan.budget.BudgetPeriod;
import dev.caravan.budget.BudgetProperties;
import dev.caravan.budget.BudgetScope;
import dev.caravan.budget.BudgetService;
import dev.caravan.budget.ConfiguredBudgets;
import dev.caravan.budget.Reservation;
import dev.caravan.config.ProviderType;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenUsage;
import dev.caravan.identity.Identity;
import dev.caravan.identity.Plan;
import dev.caravan.provider.TokenCounter;
import dev.caravan.ratelimit.ConcurrencyProperties;
import dev.caravan.ratelimit.InMemoryConcurrencyLimiter;
import dev.caravan.ratelimit.InMemoryRateLimiter;
import dev.caravan.ratelimit.RateLimitProperties;
import dev.caravan.ratelimit.RateLimitProperties.Rule;
import dev.caravan.ratelimit.RateLimitRules;
import dev.caravan.ratelimit.RateLimitedException;
import dev.caravan.routing.RouteDecision;
import dev.caravan.routing.TestModels;
import dev.caravan.support.TestH2;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GovernanceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private static final Caller ACME_ALICE = new Caller("acme", "alice", null, "key_1");
    private static final RouteDecision SMALL_THEN_LARGE = new RouteDecision(List.of(
            TestModels.model("small").qualityTier(1).prices(100_000, 400_000).build(),
            TestModels.model("large").qualityTier(3).provider(ProviderType.OPENAI).prices(2_500_000, 10_000_000).build()),
            "test");

    private final HikariDataSource db = TestH2.migrated("governance");
    private final TokenCounter tokens = new TokenCounter();

    @AfterEach
    void close() {
        db.close();
    }

    private Governance governance(RateLimitProperties limits, ConcurrencyProperties concurrency,
            List<BudgetProperties.Limit> budgets) {
        RateLimitRules rules = new RateLimitRules(limits);
        BudgetProperties budgetProperties = new BudgetProperties(budgets, null, null, null, null, 4096);
        BudgetLedger ledger = new BudgetLedger(db, budgetProperties, alert -> { }, CLOCK);
        this.ledger = ledger;
        return new Governance(new InMemoryRateLimiter(rules, CLOCK), rules,
                new InMemoryConcurrencyLimiter(concurrency, CLOCK),
                new BudgetService(new ConfiguredBudgets(budgetProperties), ledger, CLOCK, null),
                new BudgetEstimator(4096), tokens);
    }

    private BudgetLedger ledger;

    private Governance unlimited() {
        return governance(RateLimitProperties.defaults(), ConcurrencyProperties.defaults(), List.of());
    }

    private static GatewayRequest request(Caller caller, String task, Integer maxTokens, String prompt) {
        ChatRequest chat = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, prompt, null)),
                null, null, maxTokens, null, null, null, null, null, null, false, false);
        return new GatewayRequest("req_1", Channel.REST, caller, task, "auto", chat, null, Instant.now(CLOCK));
    }

    private static Identity on(Plan plan) {
        return new Identity(ACME_ALICE, plan);
    }

    private static Plan plan(Long maxIn, Long maxOut, Map<String, List<String>> tiers) {
        return new Plan("basic", "Basic", maxIn, maxOut, Set.of(), tiers, null);
    }

    @Test
    void should_admit_as_it_is_when_nothing_limits_the_caller() {
        GatewayRequest request = request(ACME_ALICE, null, null, "Hello");
        Admission admission = unlimited().admit(request, on(null));
        assertThat(admission.request()).isSameAs(request);
        assertThat(admission.keys()).isEmpty();
        assertThat(admission.headers()).isEmpty();
        assertThat(admission.permit().isEmpty()).isTrue();
    }

    @Test
    void should_cap_max_tokens_at_the_plan_and_refuse_a_larger_one() {
        Governance governance = unlimited();
        Plan plan = plan(null, 100L, Map.of());

        Admission capped = governance.admit(request(ACME_ALICE, null, null, "Hello"), on(plan));
        assertThat(capped.request().chat().maxTokens()).isEqualTo(100);
        assertThat(governance.admit(request(ACME_ALICE, null, 80, "Hello"), on(plan)).request().chat().maxTokens())
                .isEqualTo(80);
        assertThatThrownBy(() -> governance.admit(request(ACME_ALICE, null, 101, "Hello"), on(plan)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PLAN_LIMIT_EXCEEDED);
                    assertThat(e.param()).isEqualTo("max_tokens");
                });
    }

    @Test
    void should_refuse_a_prompt_longer_than_the_plan_allows() {
        Plan plan = plan(10L, null, Map.of());
        assertThat(unlimited().admit(request(ACME_ALICE, null, null, "Short."), on(plan)).inputTokens()).isPositive();
        assertThatThrownBy(() -> unlimited().admit(request(ACME_ALICE, null, null,
                "This prompt is rather longer than ten tokens, as the plan will notice."), on(plan)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.PLAN_LIMIT_EXCEEDED));
    }

    @Test
    void should_keep_only_the_candidates_the_plan_allows_for_the_task() {
        Governance governance = unlimited();
        Plan plan = plan(null, null, Map.of("*", List.of("1"), "drafting", List.of("3")));

        assertThat(governance.restrictToPlan(SMALL_THEN_LARGE, request(ACME_ALICE, null, null, "x"), on(plan))
                .candidates()).extracting(m -> m.id()).containsExactly("small");
        RouteDecision drafting = governance.restrictToPlan(SMALL_THEN_LARGE, request(ACME_ALICE, "drafting", null, "x"),
                on(plan));
        assertThat(drafting.candidates()).extracting(m -> m.id()).containsExactly("large");
        assertThat(drafting.explanation()).endsWith("plan=basic");
        assertThat(governance.restrictToPlan(SMALL_THEN_LARGE, request(ACME_ALICE, null, null, "x"), on(null)))
                .isSameAs(SMALL_THEN_LARGE);

        Plan none = plan(null, null, Map.of("*", List.of("sim-tiny")));
        assertThatThrownBy(() -> governance.restrictToPlan(SMALL_THEN_LARGE, request(ACME_ALICE, null, null, "x"), on(none)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_ALLOWED));
    }

    @Test
    void should_refuse_past_the_tenants_rate_limit_with_the_quota_headers() {
        Rule twoPerMinute = new Rule(2L, null, null, null, null);
        Governance governance = governance(new RateLimitProperties(true, null, twoPerMinute, null, null, null,
                null, null, null, null, null), ConcurrencyProperties.defaults(), List.of());

        Admission first = governance.admit(request(ACME_ALICE, null, null, "one"), on(null));
        governance.admit(request(ACME_ALICE, null, null, "two"), on(null));
        assertThat(first.headers()).containsEntry("x-ratelimit-remaining-requests", "1");
        assertThatThrownBy(() -> governance.admit(request(ACME_ALICE, null, null, "three"), on(null)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.headers()).containsKey("retry-after");
                });
        // another tenant has its own bucket
        governance.admit(request(new Caller("globex", null, null, null), null, null, "one"), on(null));
    }

    @Test
    void should_hold_a_place_in_flight_until_the_books_are_settled() {
        Governance governance = governance(RateLimitProperties.defaults(),
                new ConcurrencyProperties(null, 1, null, null, null, null), List.of());
        Admission first = governance.admit(request(ACME_ALICE, null, null, "one"), on(null));

        assertThatThrownBy(() -> governance.admit(request(ACME_ALICE, null, null, "two"), on(null)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED));
        governance.settle(first, null, null, null);
        assertThat(governance.admit(request(ACME_ALICE, null, null, "three"), on(null)).permit().isEmpty()).isFalse();
    }

    @Test
    void should_fail_an_attempt_on_a_provider_at_the_gateways_limit_for_it() {
        Rule onePerMinute = new Rule(1L, null, null, null, null);
        Governance governance = governance(new RateLimitProperties(true, null, null, null, null, onePerMinute,
                null, null, null, null, null), ConcurrencyProperties.defaults(), List.of());
        var small = SMALL_THEN_LARGE.candidates().get(0);
        var large = SMALL_THEN_LARGE.candidates().get(1);

        governance.admitProvider(small, null);
        governance.admitProvider(large, null); // another provider, another limit
        assertThatThrownBy(() -> governance.admitProvider(small, null))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_RATE_LIMITED);
                    assertThat(e.getMessage()).contains("try again in");
                });
    }

    @Test
    void should_reserve_at_the_dearest_candidate_and_settle_with_what_was_used_or_release_on_failure() {
        Governance governance = governance(RateLimitProperties.defaults(), ConcurrencyProperties.defaults(),
                List.of(new BudgetProperties.Limit(BudgetScope.TENANT, "acme", BudgetPeriod.DAY, 10_000L, null, false)));
        GatewayRequest request = request(ACME_ALICE, null, 50, "Hello there");
        Admission admission = governance.admit(request, on(null));

        Reservation answered = governance.reserve(request, SMALL_THEN_LARGE, admission);
        BudgetCounter held = counter();
        assertThat(held.reserved().tokens()).isEqualTo(tokens.count(request.chat().messages()) + 50);
        governance.settle(admission, answered, response(7, 20), null);
        assertThat(counter().used().tokens()).isEqualTo(27);
        assertThat(counter().reserved().tokens()).isZero();

        Reservation failed = governance.reserve(request, SMALL_THEN_LARGE, admission);
        governance.settle(admission, failed, null, null);
        assertThat(counter().used().tokens()).isEqualTo(27);
        assertThat(counter().reserved().tokens()).isZero();
    }

    @Test
    void should_refuse_a_reservation_the_budget_has_no_room_for() {
        Governance governance = governance(RateLimitProperties.defaults(), ConcurrencyProperties.defaults(),
                List.of(new BudgetProperties.Limit(BudgetScope.USER, "acme/alice", BudgetPeriod.MONTH, 20L, null, false)));
        GatewayRequest request = request(ACME_ALICE, null, 50, "Hello there");
        assertThatThrownBy(() -> governance.reserve(request, SMALL_THEN_LARGE, governance.admit(request, on(null))))
                .isInstanceOf(BudgetExceededException.class);
        // a user of the same name in another tenant is another budget
        GatewayRequest globex = request(new Caller("globex", "alice", null, null), null, 50, "Hello there");
        assertThat(governance.reserve(globex, SMALL_THEN_LARGE, null).isEmpty()).isTrue();
    }

    private BudgetCounter counter() {
        var budget = new ConfiguredBudgets(new BudgetProperties(List.of(new BudgetProperties.Limit(BudgetScope.TENANT,
                "acme", BudgetPeriod.DAY, 10_000L, null, false)), null, null, null, null, 4096))
                .budgetsFor(new dev.caravan.budget.BudgetSubject(null, null, "acme", null)).get(0);
        return ledger.counter(budget, Instant.now(CLOCK)).orElseThrow();
    }

    private static GatewayResponse response(long in, long out) {
        return new GatewayResponse("req_1", "simulator", "small", "answer", "stop", null, new TokenUsage(in, out),
                5, 10, 0);
    }
}
