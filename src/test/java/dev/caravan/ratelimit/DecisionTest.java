package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.ratelimit.Decision.BucketState;
import dev.caravan.ratelimit.Decision.Outcome;
import dev.caravan.resilience.RetryAfter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The headers and messages a decision gives the caller. */
class DecisionTest {

    private static final LimitKey ACME = new LimitKey(LimitScope.TENANT, "acme");

    @ParameterizedTest
    @CsvSource({
            "0, 0s",
            "1, 1ms",
            "12, 12ms",
            "999, 999ms",
            "1000, 1s",
            "1500, 1.5s",
            "8640, 8.64s",
            "8641, 8.641s",
            "60000, 1m0s",
            "90500, 1m30.5s",
            "360000, 6m0s",
            "3600000, 1h0m0s",
            "7322005, 2h2m2.005s"})
    void should_format_durations_as_go_does_when_writing_reset_headers(long millis, String expected) {
        assertThat(Decision.formatDuration(Duration.ofMillis(millis))).isEqualTo(expected);
        assertThat(RetryAfter.parseMillis("try again in " + expected)).as("readable by RetryAfter").isEqualTo(millis);
    }

    @Test
    void should_round_retry_after_up_to_whole_seconds_and_keep_milliseconds_alongside() {
        Limit limit = new Limit(ACME, LimitKind.REQUESTS_PER_MINUTE, 50, 50);

        Decision decision = Decision.of(Outcome.LIMITED, List.of(limit), List.of(new BucketState(0, 60_000, 1_001)), 0);

        assertThat(decision.headers())
                .containsEntry("retry-after", "2")
                .containsEntry("retry-after-ms", "1001");
    }

    @Test
    void should_say_which_limit_refused_in_openai_manner_when_limited() {
        Limit limit = new Limit(ACME, LimitKind.TOKENS_PER_MINUTE, 10_000, 10_000);

        Decision decision = Decision.of(Outcome.LIMITED, List.of(limit), List.of(new BucketState(1200, 52_800, 4_800)),
                6000);

        assertThat(decision.message()).isEqualTo("Rate limit reached for tenant acme on tokens per minute: limit 10000,"
                + " remaining 1200, requested 6000. Please try again in 4.8s.");
        assertThat(RetryAfter.parseMillis(decision.message())).isEqualTo(4800);
    }

    @Test
    void should_say_the_request_can_never_fit_when_too_large() {
        Limit requests = new Limit(LimitKey.GLOBAL, LimitKind.REQUESTS_PER_MINUTE, 100, 100);
        Limit tokens = new Limit(LimitKey.GLOBAL, LimitKind.TOKENS_PER_MINUTE, 10_000, 10_000);

        Decision decision = Decision.of(Outcome.TOO_LARGE, List.of(requests, tokens),
                List.of(new BucketState(100, 0, 0), new BucketState(10_000, 0, -1)), 20_000);

        assertThat(decision.refusedBy()).contains(tokens);
        assertThat(decision.message()).isEqualTo("Request too large for all callers on tokens per minute: limit 10000,"
                + " requested 20000. Send fewer tokens or ask for fewer (max_tokens).");
        assertThat(decision.headers()).containsOnlyKeys("x-ratelimit-limit-requests", "x-ratelimit-remaining-requests",
                "x-ratelimit-reset-requests", "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens",
                "x-ratelimit-reset-tokens");
    }

    @Test
    void should_break_a_tie_in_remaining_by_the_longer_reset() {
        Limit minute = new Limit(ACME, LimitKind.REQUESTS_PER_MINUTE, 10, 10);
        Limit hour = new Limit(ACME, LimitKind.REQUESTS_PER_HOUR, 100, 100);

        Decision decision = Decision.of(Outcome.ALLOWED, List.of(minute, hour),
                List.of(new BucketState(5, 30_000, 0), new BucketState(5, 3_420_000, 0)), 0);

        assertThat(decision.requests()).contains(new Quota(100, 5, Duration.ofMinutes(57)));
        assertThat(decision.headers()).containsEntry("x-ratelimit-reset-requests", "57m0s");
    }
}
