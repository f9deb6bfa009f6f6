package dev.caravan.ratelimit;

import static dev.caravan.ratelimit.TestRules.rph;
import static dev.caravan.ratelimit.TestRules.rpm;
import static dev.caravan.ratelimit.TestRules.rule;
import static dev.caravan.ratelimit.TestRules.tenant;
import static dev.caravan.ratelimit.TestRules.tenantAndKey;
import static dev.caravan.ratelimit.TestRules.tpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.ratelimit.Decision.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do, run against the in-memory one ({@code InMemoryRateLimiterTest})
 * and the Redis script ({@code RateLimitRedisIT}) with the same moved-by-hand clock, so that the Lua
 * arithmetic cannot drift from the Java one.
 */
abstract class RateLimiterContract {

    protected final TestClock clock = new TestClock();

    /** A limiter with these rules, counting time by {@link #clock}. */
    protected abstract RateLimiter limiter(RateLimitRules rules);

    private RateLimiter limiter(TestRules rules) {
        return limiter(rules.build());
    }

    @Test
    void should_allow_the_whole_rate_at_once_and_refuse_the_next_when_no_burst_is_set() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(10)));

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.check(tenant("acme"), 0).allowed()).as("request %d", i + 1).isTrue();
        }
        Decision refused = limiter.check(tenant("acme"), 0);

        assertThat(refused.outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(refused.refusedBy()).hasValueSatisfying(limit -> {
            assertThat(limit.key()).isEqualTo(new LimitKey(LimitScope.TENANT, "acme"));
            assertThat(limit.kind()).isEqualTo(LimitKind.REQUESTS_PER_MINUTE);
        });
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(refused.requests()).contains(new Quota(10, 0, Duration.ofSeconds(60)));
    }

    @Test
    void should_allow_rate_plus_burst_then_the_rate_when_a_burst_is_set() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(10, 5)));

        for (int i = 0; i < 15; i++) {
            assertThat(limiter.check(tenant("acme"), 0).allowed()).as("request %d", i + 1).isTrue();
        }
        assertThat(limiter.check(tenant("acme"), 0).allowed()).isFalse();

        clock.advance(Duration.ofSeconds(6));
        Decision afterSixSeconds = limiter.check(tenant("acme"), 0);

        assertThat(afterSixSeconds.allowed()).isTrue();
        assertThat(afterSixSeconds.requests()).contains(new Quota(15, 0, Duration.ofSeconds(90)));
        assertThat(limiter.check(tenant("acme"), 0).retryAfter()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void should_refill_continuously_and_say_exactly_when_the_next_request_fits() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(60)));
        for (int i = 0; i < 60; i++) {
            limiter.check(tenant("acme"), 0);
        }

        clock.advanceMillis(400);
        Decision early = limiter.check(tenant("acme"), 0);
        clock.advanceMillis(599);
        Decision oneMillisecondEarly = limiter.check(tenant("acme"), 0);
        clock.advanceMillis(1);
        Decision onTime = limiter.check(tenant("acme"), 0);

        assertThat(early.retryAfter()).isEqualTo(Duration.ofMillis(600));
        assertThat(oneMillisecondEarly.allowed()).isFalse();
        assertThat(oneMillisecondEarly.retryAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(onTime.allowed()).isTrue();
        assertThat(onTime.requests()).contains(new Quota(60, 0, Duration.ofSeconds(60)));
    }

    @Test
    void should_be_full_again_after_the_reset_it_announced() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(10, 10)));
        for (int i = 0; i < 7; i++) {
            limiter.check(tenant("acme"), 0);
        }
        Decision last = limiter.check(tenant("acme"), 0);

        clock.advance(last.requests().orElseThrow().reset());

        assertThat(limiter.check(tenant("acme"), 0).requests()).contains(new Quota(20, 19, Duration.ofSeconds(6)));
    }

    @Test
    void should_refill_an_hourly_limit_over_the_hour() {
        RateLimiter limiter = limiter(new TestRules().tenant(rph(2)));
        limiter.check(tenant("acme"), 0);
        limiter.check(tenant("acme"), 0);

        Decision refused = limiter.check(tenant("acme"), 0);
        clock.advance(Duration.ofMinutes(30));

        assertThat(refused.refusedBy().orElseThrow().kind()).isEqualTo(LimitKind.REQUESTS_PER_HOUR);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(refused.headers()).containsEntry("x-ratelimit-reset-requests", "1h0m0s");
        assertThat(limiter.check(tenant("acme"), 0).allowed()).isTrue();
    }

    @Test
    void should_count_nothing_anywhere_when_one_limit_refuses() {
        RateLimiter limiter = limiter(new TestRules().tenant(rule(100L, null, 1000L, null, null)).key(rpm(1)));
        assertThat(limiter.check(tenantAndKey("acme", "k1"), 100).allowed()).isTrue();

        for (int i = 0; i < 5; i++) {
            Decision refused = limiter.check(tenantAndKey("acme", "k1"), 100);
            assertThat(refused.refusedBy().orElseThrow().key()).isEqualTo(new LimitKey(LimitScope.KEY, "k1"));
        }
        Decision otherKey = limiter.check(tenantAndKey("acme", "k2"), 100);

        assertThat(otherKey.allowed()).isTrue();
        Decision tenantOnly = limiter.check(tenant("acme"), 0);
        assertThat(tenantOnly.requests().orElseThrow().remaining()).isEqualTo(97);
        assertThat(tenantOnly.tokens().orElseThrow().remaining()).isEqualTo(800);
    }

    @Test
    void should_name_the_limit_that_frees_last_when_several_refuse() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(1)).key(rph(1)));
        limiter.check(tenantAndKey("acme", "k1"), 0);

        Decision refused = limiter.check(tenantAndKey("acme", "k1"), 0);

        assertThat(refused.refusedBy().orElseThrow().key().scope()).isEqualTo(LimitScope.KEY);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void should_refuse_tokens_that_do_not_fit_and_say_when_they_will() {
        RateLimiter limiter = limiter(new TestRules().tenant(tpm(1000)));
        assertThat(limiter.check(tenant("acme"), 600).allowed()).isTrue();

        Decision refused = limiter.check(tenant("acme"), 600);

        assertThat(refused.outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(refused.refusedBy().orElseThrow().kind()).isEqualTo(LimitKind.TOKENS_PER_MINUTE);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(refused.tokens()).contains(new Quota(1000, 400, Duration.ofSeconds(36)));
        assertThat(refused.requests()).isEmpty();
    }

    @Test
    void should_refuse_as_too_large_and_count_nothing_when_an_estimate_exceeds_the_capacity() {
        RateLimiter limiter = limiter(new TestRules().tenant(rule(10L, null, 1000L, null, 200L)));

        Decision tooLarge = limiter.check(tenant("acme"), 1201);
        Decision fits = limiter.check(tenant("acme"), 1200);

        assertThat(tooLarge.outcome()).isEqualTo(Outcome.TOO_LARGE);
        assertThat(tooLarge.refusedBy().orElseThrow().kind()).isEqualTo(LimitKind.TOKENS_PER_MINUTE);
        assertThat(tooLarge.retryAfter()).isZero();
        assertThat(tooLarge.headers()).doesNotContainKey("retry-after");
        assertThat(fits.allowed()).isTrue();
        assertThat(fits.requests().orElseThrow().remaining()).isEqualTo(9);
    }

    @Test
    void should_give_tokens_back_when_the_answer_used_fewer_than_estimated() {
        RateLimiter limiter = limiter(new TestRules().tenant(tpm(1000)));
        limiter.check(tenant("acme"), 800);

        limiter.adjustTokens(tenant("acme"), -500);
        Decision next = limiter.check(tenant("acme"), 600);

        assertThat(next.allowed()).isTrue();
        assertThat(next.tokens().orElseThrow().remaining()).isEqualTo(100);
    }

    @Test
    void should_never_give_back_beyond_the_capacity() {
        RateLimiter limiter = limiter(new TestRules().tenant(tpm(1000)));
        limiter.check(tenant("acme"), 100);

        limiter.adjustTokens(tenant("acme"), -5000);

        assertThat(limiter.check(tenant("acme"), 0).tokens()).contains(new Quota(1000, 1000, Duration.ZERO));
    }

    @Test
    void should_hold_requests_back_until_a_debt_is_paid_when_the_answer_used_more_than_estimated() {
        RateLimiter limiter = limiter(new TestRules().tenant(tpm(1000)));
        limiter.check(tenant("acme"), 100);

        limiter.adjustTokens(tenant("acme"), 1400);
        Decision inDebt = limiter.check(tenant("acme"), 0);

        assertThat(inDebt.outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(inDebt.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(inDebt.tokens()).contains(new Quota(1000, 0, Duration.ofSeconds(90)));
    }

    @Test
    void should_bound_a_debt_at_the_capacity() {
        RateLimiter limiter = limiter(new TestRules().tenant(tpm(1000)));

        limiter.adjustTokens(tenant("acme"), 1_000_000_000_000L);
        Decision refused = limiter.check(tenant("acme"), 1);

        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(60_060));
        assertThat(refused.tokens().orElseThrow().reset()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void should_leave_request_limits_alone_when_tokens_are_adjusted() {
        RateLimiter limiter = limiter(new TestRules().tenant(rule(5L, null, 1000L, null, null)));
        limiter.check(tenant("acme"), 10);

        limiter.adjustTokens(tenant("acme"), 20);

        Decision next = limiter.check(tenant("acme"), 0);
        assertThat(next.requests().orElseThrow().remaining()).isEqualTo(3);
        assertThat(next.tokens().orElseThrow().remaining()).isEqualTo(970);
    }

    @Test
    void should_report_the_tightest_request_and_token_limits_in_openai_headers() {
        RateLimiter limiter = limiter(new TestRules()
                .global(rpm(1000))
                .tenant(rule(100L, 5000L, 50_000L, 20L, null))
                .key(rule(10L, null, 5000L, null, null)));

        Decision decision = limiter.check(tenantAndKey("acme", "k1"), 1000);

        assertThat(decision.headers()).containsExactly(
                Map.entry("x-ratelimit-limit-requests", "10"),
                Map.entry("x-ratelimit-remaining-requests", "9"),
                Map.entry("x-ratelimit-reset-requests", "6s"),
                Map.entry("x-ratelimit-limit-tokens", "5000"),
                Map.entry("x-ratelimit-remaining-tokens", "4000"),
                Map.entry("x-ratelimit-reset-tokens", "12s"));
    }

    @Test
    void should_add_retry_after_headers_when_refused() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(50)));
        for (int i = 0; i < 50; i++) {
            limiter.check(tenant("acme"), 0);
        }

        Map<String, String> headers = limiter.check(tenant("acme"), 0).headers();

        assertThat(headers)
                .containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "1m0s")
                .containsEntry("retry-after", "2")
                .containsEntry("retry-after-ms", "1200");
    }

    @Test
    void should_apply_an_override_and_inherit_the_fields_it_leaves_out() {
        RateLimiter limiter = limiter(new TestRules()
                .tenant(rule(1L, null, 100L, null, null))
                .override(LimitScope.TENANT, "acme", rpm(3)));

        int acmeAllowed = 0;
        for (int i = 0; i < 5; i++) {
            acmeAllowed += limiter.check(tenant("acme"), 10).allowed() ? 1 : 0;
        }
        Decision acmeTooLarge = limiter.check(tenant("acme"), 101);

        assertThat(acmeAllowed).isEqualTo(3);
        assertThat(acmeTooLarge.outcome()).isEqualTo(Outcome.TOO_LARGE);
        assertThat(limiter.check(tenant("globex"), 10).allowed()).isTrue();
        assertThat(limiter.check(tenant("globex"), 10).allowed()).isFalse();
    }

    @Test
    void should_keep_one_bucket_per_name() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(1)));

        assertThat(limiter.check(tenant("acme"), 0).allowed()).isTrue();
        assertThat(limiter.check(tenant("globex"), 0).allowed()).isTrue();
        assertThat(limiter.check(tenant("acme"), 0).allowed()).isFalse();
    }

    @Test
    void should_count_a_key_given_twice_once() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(2)));
        List<LimitKey> twice = List.of(new LimitKey(LimitScope.TENANT, "acme"), new LimitKey(LimitScope.TENANT, "acme"));

        assertThat(limiter.check(twice, 0).requests().orElseThrow().remaining()).isEqualTo(1);
    }

    @Test
    void should_allow_without_headers_when_no_limit_applies() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(1)));

        Decision decision = limiter.check(RateLimitKeys.of(null, "k1", "bob", "openai"), 1_000_000);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.headers()).isEmpty();
    }

    @Test
    void should_refill_nothing_when_the_clock_goes_back() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(1)));
        limiter.check(tenant("acme"), 0);

        clock.advance(Duration.ofMinutes(-10));
        Decision afterGoingBack = limiter.check(tenant("acme"), 0);
        clock.advance(Duration.ofMinutes(10).plusSeconds(59));
        Decision beforeRefilled = limiter.check(tenant("acme"), 0);
        clock.advance(Duration.ofSeconds(1));

        assertThat(afterGoingBack.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(beforeRefilled.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.check(tenant("acme"), 0).allowed()).isTrue();
    }

    @Test
    void should_count_every_scope_of_a_request() {
        RateLimiter limiter = limiter(new TestRules()
                .global(rpm(100)).tenant(rpm(50)).key(rpm(20)).user(rpm(10)).provider(rpm(5)));
        List<LimitKey> keys = RateLimitKeys.of("acme", "k1", "bob", "openai");

        for (int i = 0; i < 5; i++) {
            limiter.check(keys, 0);
        }
        Decision refused = limiter.check(keys, 0);
        Decision otherProvider = limiter.check(RateLimitKeys.of("acme", "k1", "bob", "anthropic"), 0);

        assertThat(refused.refusedBy().orElseThrow().key()).isEqualTo(new LimitKey(LimitScope.PROVIDER, "openai"));
        assertThat(otherProvider.allowed()).isTrue();
        assertThat(otherProvider.requests().orElseThrow().remaining()).isEqualTo(4);
        assertThat(limiter.check(List.of(LimitKey.GLOBAL), 0).requests().orElseThrow().remaining()).isEqualTo(93);
    }
}
