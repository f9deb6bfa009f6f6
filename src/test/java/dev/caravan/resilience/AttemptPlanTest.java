package dev.caravan.resilience;

import static dev.caravan.resilience.Fixtures.fixedRandom;
import static dev.caravan.resilience.Fixtures.model;
import static dev.caravan.resilience.Fixtures.props;
import static dev.caravan.resilience.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.provider.ProviderErrors;
import dev.caravan.resilience.AttemptPlan.Attempt;
import dev.caravan.resilience.Fixtures.MutableClock;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AttemptPlanTest {

    private final ModelProperties a = model("a");
    private final ModelProperties b = model("b");
    private final ModelProperties c = model("c");
    private final MutableClock clock = new MutableClock();

    private ResilienceProperties props = props();
    private BreakerRegistry breakers = Fixtures.breakers(props, clock, a, b, c);
    private RandomGenerator random = fixedRandom(0.5);

    private AttemptPlan plan(ModelProperties... candidates) {
        return AttemptPlan.start(route(candidates), props, breakers, clock, random);
    }

    private void use(ResilienceProperties properties) {
        props = properties;
        breakers = Fixtures.breakers(props, clock, a, b, c);
    }

    private static GatewayResponse answer(ModelProperties model) {
        return new GatewayResponse("req-1", model.provider().id(), model.id(), "hi", "stop", null, null, 0, 1, 0);
    }

    private static GatewayException providerError(ModelProperties model) {
        return ProviderErrors.map(new HttpException(500, "internal error at sk-secret-123"), model);
    }

    private static GatewayException rateLimited(ModelProperties model, String body) {
        return ProviderErrors.map(new RateLimitException(body), model);
    }

    @Test
    void should_answer_with_the_primary_when_the_first_call_succeeds() {
        AttemptPlan plan = plan(a, b);

        assertThat(plan.hasNext()).isTrue();
        assertThat(plan.next()).isSameAs(a);
        assertThat(plan.backoffMillis()).isZero();
        clock.advanceMillis(120);
        plan.succeeded(answer(a));

        assertThat(plan.hasNext()).isFalse();
        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.answered()).isTrue();
        assertThat(plan.answeredBy()).isSameAs(a);
        assertThat(plan.fellBack()).isFalse();
        assertThat(plan.summary()).isEqualTo("a:ok");
        assertThat(plan.attempts()).containsExactly(new Attempt("a", "ok", 120));
        assertThat(plan.finalFailure()).isNull();
    }

    @Test
    void should_retry_once_then_fall_back_when_the_primary_keeps_failing_with_5xx() {
        AttemptPlan plan = plan(a, b);

        assertThat(plan.next()).isSameAs(a);
        plan.failed(providerError(a));
        assertThat(plan.hasNext()).isTrue();
        assertThat(plan.next()).isSameAs(a);
        assertThat(plan.backoffMillis()).isEqualTo(100);
        clock.advanceMillis(100);
        plan.failed(providerError(a));
        assertThat(plan.next()).isSameAs(b);
        assertThat(plan.backoffMillis()).isZero();
        plan.succeeded(answer(b));

        assertThat(plan.summary()).isEqualTo("a:error,a:error,b:ok");
        assertThat(plan.fellBack()).isTrue();
        assertThat(plan.answeredBy()).isSameAs(b);
        assertThat(plan.calls()).isEqualTo(3);
        assertThat(plan.exhausted()).isTrue();
    }

    @Test
    void should_retry_then_fall_back_when_calls_time_out_or_cannot_connect() {
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(new RuntimeException("wrapped by camel", new java.util.concurrent.TimeoutException("late")));
        plan.next();
        plan.failed(new ConnectException("Connection refused"));
        plan.next();
        plan.succeeded(answer(b));

        assertThat(plan.summary()).isEqualTo("a:timeout,a:error,b:ok");
    }

    @Test
    void should_stop_with_the_callers_error_when_the_provider_rejects_the_request() {
        AttemptPlan plan = plan(a, b);
        GatewayException rejected = ProviderErrors.map(new InvalidRequestException("max_tokens too large"), a);

        plan.next();
        plan.failed(new RuntimeException(rejected));

        assertThat(plan.hasNext()).isFalse();
        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.finalFailure()).isSameAs(rejected);
        assertThat(plan.finalFailure().kind()).isEqualTo(ErrorKind.PROVIDER_REJECTED);
        assertThat(plan.summary()).isEqualTo("a:rejected");
    }

    @Test
    void should_map_and_stop_when_a_raw_langchain4j_caller_error_arrives_wrapped() {
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(new RuntimeException(new InvalidRequestException("unknown parameter 'foo'")));

        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.finalFailure().kind()).isEqualTo(ErrorKind.PROVIDER_REJECTED);
        assertThat(plan.finalFailure().getMessage()).contains("model a", "unknown parameter 'foo'");
    }

    @Test
    void should_stop_as_closed_when_the_client_went_away() {
        AttemptPlan plan = plan(a, b);
        GatewayException closed = new GatewayException(ErrorKind.CLIENT_CLOSED, "client closed");

        plan.next();
        plan.failed(closed);

        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.finalFailure()).isSameAs(closed);
        assertThat(plan.summary()).isEqualTo("a:closed");
    }

    @Test
    void should_wait_out_a_short_retry_after_on_the_same_model_when_rate_limited() {
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(rateLimited(a, "Rate limit reached for requests. Please try again in 500ms."));
        assertThat(plan.next()).isSameAs(a);
        assertThat(plan.backoffMillis()).isEqualTo(500);
        plan.succeeded(answer(a));

        assertThat(plan.summary()).isEqualTo("a:rate_limited,a:ok");
        assertThat(plan.fellBack()).isFalse();
    }

    @Test
    void should_move_on_when_the_retry_after_is_longer_than_max_retry_after() {
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(rateLimited(a, "Please try again in 20s."));
        assertThat(plan.next()).isSameAs(b);
        assertThat(plan.backoffMillis()).isZero();
        plan.succeeded(answer(b));

        assertThat(plan.summary()).isEqualTo("a:rate_limited,b:ok");
    }

    @Test
    void should_move_on_when_a_429_names_no_wait() {
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(rateLimited(a, "Too many requests"));

        assertThat(plan.next()).isSameAs(b);
    }

    @Test
    void should_move_on_when_a_short_429_repeats_beyond_max_retries() {
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(rateLimited(a, "try again in 1s"));
        plan.next();
        plan.failed(rateLimited(a, "try again in 1s"));

        assertThat(plan.next()).isSameAs(b);
        assertThat(plan.summary()).isEqualTo("a:rate_limited,a:rate_limited");
    }

    @Test
    void should_fall_back_without_retry_when_the_provider_refuses_the_credentials() {
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(ProviderErrors.map(new HttpException(401, "invalid key sk-abc"), a));
        assertThat(plan.next()).isSameAs(b);
        plan.succeeded(answer(b));

        assertThat(plan.summary()).isEqualTo("a:auth,b:ok");
    }

    @Test
    void should_skip_a_candidate_when_its_breaker_is_open() {
        breakers.forModel(a).transitionToOpenState();
        AttemptPlan plan = plan(a, b);

        assertThat(plan.next()).isSameAs(b);
        plan.succeeded(answer(b));

        assertThat(plan.summary()).isEqualTo("a:open,b:ok");
        assertThat(plan.fellBack()).isTrue();
        assertThat(plan.calls()).isEqualTo(1);
        assertThat(breakers.forModel(a).getMetrics().getNumberOfNotPermittedCalls())
                .as("the plan only reads the state").isZero();
    }

    @Test
    void should_answer_429_when_every_candidate_was_rate_limited() {
        AttemptPlan plan = plan(a, b);
        while (plan.hasNext()) {
            ModelProperties model = plan.next();
            plan.failed(rateLimited(model, "Rate limit reached. Please try again in 30s."));
        }

        GatewayException failure = plan.finalFailure();

        assertThat(plan.summary()).isEqualTo("a:rate_limited,b:rate_limited");
        assertThat(failure.kind()).isEqualTo(ErrorKind.PROVIDER_RATE_LIMITED);
        assertThat(failure.kind().status()).isEqualTo(429);
    }

    @Test
    void should_answer_504_when_every_call_timed_out() {
        AttemptPlan plan = plan(a, b);
        while (plan.hasNext()) {
            ModelProperties model = plan.next();
            plan.failed(ProviderErrors.map(new dev.langchain4j.exception.TimeoutException("read timed out"), model));
        }

        GatewayException failure = plan.finalFailure();

        assertThat(plan.summary()).startsWith("a:timeout").endsWith("b:timeout");
        assertThat(failure.kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
        assertThat(failure.kind().status()).isEqualTo(504);
    }

    @Test
    void should_answer_503_when_every_candidate_is_open() {
        breakers.forModel(a).transitionToOpenState();
        breakers.forModel(b).transitionToForcedOpenState();
        AttemptPlan plan = plan(a, b);

        assertThat(plan.hasNext()).isFalse();
        assertThat(plan.exhausted()).isTrue();
        GatewayException failure = plan.finalFailure();
        assertThat(failure.kind()).isEqualTo(ErrorKind.MODEL_UNAVAILABLE);
        assertThat(failure.kind().status()).isEqualTo(503);
        assertThat(failure.getMessage()).isEqualTo("No model could answer: a:open,b:open");
        assertThatThrownBy(plan::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void should_move_on_without_counting_an_attempt_when_the_breaker_refuses_the_call() {
        use(props("defaults.max-attempts=2"));
        AttemptPlan plan = plan(a, b, c);
        CircuitBreaker breakerA = breakers.forModel(a);

        plan.next();
        breakerA.transitionToOpenState();
        plan.failed(new RuntimeException(CallNotPermittedException.createCallNotPermittedException(breakerA)));
        assertThat(plan.next()).isSameAs(b);
        plan.failed(providerError(b));
        assertThat(plan.next()).as("second call: a retry of b").isSameAs(b);
        plan.failed(providerError(b));

        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.summary()).isEqualTo("a:open,b:error,b:error");
        assertThat(plan.finalFailure().kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
    }

    @Test
    void should_stop_after_max_attempts_when_every_call_fails() {
        use(props("defaults.max-attempts=3"));
        AttemptPlan plan = plan(a, b, c);

        int calls = 0;
        while (plan.hasNext()) {
            plan.next();
            plan.failed(providerError(plan.current()));
            calls++;
        }

        assertThat(calls).isEqualTo(3);
        assertThat(plan.summary()).isEqualTo("a:error,a:error,b:error");
        assertThat(plan.exhausted()).isTrue();
    }

    @Test
    void should_stop_at_the_deadline_when_calls_are_slow() {
        use(props("defaults.deadline=1s"));
        AttemptPlan plan = plan(a, b, c);

        plan.next();
        clock.advanceMillis(1_200);
        plan.failed(ProviderErrors.map(new java.net.http.HttpTimeoutException("timed out"), a));

        assertThat(plan.hasNext()).isFalse();
        assertThat(plan.remainingMillis()).isZero();
        assertThat(plan.summary()).isEqualTo("a:timeout");
        assertThat(plan.attempts()).containsExactly(new Attempt("a", "timeout", 1_200));
        assertThat(plan.finalFailure().getMessage()).isEqualTo("No model could answer: a:timeout");
    }

    @Test
    void should_fall_back_instead_of_retrying_when_the_backoff_would_reach_the_deadline() {
        use(props("defaults.deadline=1s"));
        AttemptPlan plan = plan(a, b);

        plan.next();
        clock.advanceMillis(950);
        plan.failed(providerError(a));

        assertThat(plan.next()).isSameAs(b);
        assertThat(plan.backoffMillis()).isZero();
        assertThat(plan.callTimeoutMillis()).isEqualTo(50);
    }

    @Test
    void should_grow_the_backoff_exponentially_up_to_max_backoff_when_retrying() {
        use(props("defaults.max-retries=6", "defaults.max-attempts=10", "defaults.jitter=0.5"));

        assertThat(backoffs(0.5)).containsExactly(100L, 200L, 400L, 800L, 1600L, 2000L);
        assertThat(backoffs(0.0)).containsExactly(50L, 100L, 200L, 400L, 800L, 1000L);
        assertThat(backoffs(0.9999999)).containsExactly(150L, 300L, 600L, 1200L, 2000L, 2000L);
    }

    @Test
    void should_keep_every_backoff_within_the_jitter_bounds_when_random() {
        use(props("defaults.max-retries=4", "defaults.max-attempts=5", "defaults.jitter=0.5",
                "defaults.max-backoff=10s"));
        SplittableRandom seeded = new SplittableRandom(42);
        for (int run = 0; run < 200; run++) {
            random = seeded.split();
            List<Long> waits = backoffs(-1);
            for (int n = 0; n < waits.size(); n++) {
                double base = 100 * Math.pow(2, n);
                assertThat(waits.get(n)).isBetween(Math.round(base * 0.5), Math.round(base * 1.5));
            }
        }
    }

    /** The back-off before each retry of one failing model; {@code u} fixes the jitter draw unless negative. */
    private List<Long> backoffs(double u) {
        if (u >= 0) {
            random = fixedRandom(u);
        }
        AttemptPlan plan = plan(a);
        List<Long> waits = new ArrayList<>();
        plan.next();
        plan.failed(providerError(a));
        while (plan.hasNext()) {
            plan.next();
            waits.add(plan.backoffMillis());
            plan.failed(providerError(a));
        }
        return waits;
    }

    @Test
    void should_answer_502_without_provider_messages_when_every_candidate_failed() {
        use(props("defaults.max-retries=0"));
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(providerError(a));
        plan.next();
        plan.failed(ProviderErrors.map(new java.net.http.HttpTimeoutException("read timed out"), b));

        assertThat(plan.exhausted()).isTrue();
        GatewayException failure = plan.finalFailure();
        assertThat(failure.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
        assertThat(failure.kind().status()).isEqualTo(502);
        assertThat(failure.getMessage()).isEqualTo("No model could answer: a:error,b:timeout");
        assertThat(failure.getMessage()).doesNotContain("sk-secret");
        assertThat(failure.getCause()).isNull();
    }

    @Test
    void should_answer_502_when_some_candidates_were_open_and_the_rest_failed() {
        use(props("defaults.max-retries=0"));
        breakers.forModel(a).transitionToOpenState();
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.failed(providerError(b));

        assertThat(plan.finalFailure().kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
        assertThat(plan.finalFailure().getMessage()).isEqualTo("No model could answer: a:open,b:error");
    }

    @Test
    void should_use_the_providers_retry_settings_when_the_candidates_differ_in_provider() {
        ModelProperties openai = model("gpt", ProviderType.OPENAI);
        use(props("providers.openai.max-retries=0", "defaults.max-retries=2"));
        AttemptPlan plan = AttemptPlan.start(route(openai, a), props, breakers, clock, random);

        plan.next();
        plan.failed(providerError(openai));
        assertThat(plan.next()).isSameAs(a);
        plan.failed(providerError(a));
        assertThat(plan.next()).isSameAs(a);
        plan.failed(providerError(a));
        assertThat(plan.next()).isSameAs(a);

        assertThat(plan.summary()).isEqualTo("gpt:error,a:error,a:error");
    }

    @Test
    void should_bound_the_call_timeout_by_the_total_timeout_and_the_model_timeout() {
        use(props("defaults.total-timeout=30s"));
        ModelProperties quick = dev.caravan.routing.TestModels.model("quick").timeout(Duration.ofSeconds(10)).build();
        AttemptPlan plan = AttemptPlan.start(route(a, quick), props, breakers, clock, random);

        plan.next();
        assertThat(plan.callTimeoutMillis()).isEqualTo(30_000);
        plan.failed(new GatewayException(ErrorKind.PROVIDER_AUTH, "no"));
        plan.next();
        assertThat(plan.callTimeoutMillis()).isEqualTo(10_000);
    }

    @Test
    void should_stop_without_falling_back_when_a_stream_broke_after_output() {
        AttemptPlan plan = plan(a, b);

        plan.next();
        plan.stop(new RuntimeException(providerError(a)));

        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.summary()).isEqualTo("a:error");
        assertThat(plan.finalFailure().kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
        assertThat(plan.finalFailure().getMessage()).doesNotContain("sk-secret");
    }

    @Test
    void should_refuse_misuse_when_calls_are_not_reported_in_order() {
        AttemptPlan plan = plan(a, b);

        assertThatThrownBy(() -> plan.failed(new RuntimeException())).isInstanceOf(IllegalStateException.class);
        plan.next();
        assertThatThrownBy(plan::next).isInstanceOf(IllegalStateException.class);
    }
}
