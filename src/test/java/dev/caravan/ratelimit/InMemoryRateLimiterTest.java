package dev.caravan.ratelimit;

import static dev.caravan.ratelimit.TestRules.rpm;
import static dev.caravan.ratelimit.TestRules.tenant;
import static dev.caravan.ratelimit.TestRules.tenantAndKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The contract in memory, plus what only the in-memory limiter does: its own lock and its memory. */
class InMemoryRateLimiterTest extends RateLimiterContract {

    @Override
    protected RateLimiter limiter(RateLimitRules rules) {
        return new InMemoryRateLimiter(rules, clock);
    }

    @Test
    void should_allow_exactly_the_limit_when_many_threads_check_at_once() throws Exception {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(10)).key(rpm(6)).build());

        List<Callable<String>> checks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            checks.add(() -> limiter.check(tenantAndKey("acme", "k1"), 0).allowed() ? "k1" : "refused");
            checks.add(() -> limiter.check(tenantAndKey("acme", "k2"), 0).allowed() ? "k2" : "refused");
        }

        List<String> results = Concurrently.run(8, checks);

        long allowed1 = results.stream().filter("k1"::equals).count();
        long allowed2 = results.stream().filter("k2"::equals).count();
        assertThat(allowed1 + allowed2).isEqualTo(10);
        assertThat(allowed1).isLessThanOrEqualTo(6);
        assertThat(allowed2).isLessThanOrEqualTo(6);
    }

    @Test
    void should_forget_buckets_once_they_are_full_again() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(new TestRules().tenant(rpm(1)).build(), clock);
        limiter.check(tenant("acme"), 0);
        clock.advance(Duration.ofSeconds(30));
        limiter.check(tenant("globex"), 0);
        assertThat(limiter.size()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(30));
        limiter.check(tenant("initech"), 0);

        assertThat(limiter.size()).as("acme refilled and was swept, globex has 30s to go").isEqualTo(2);
        assertThat(limiter.check(tenant("acme"), 0).allowed()).isTrue();
        assertThat(limiter.check(tenant("globex"), 0).retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void should_refuse_a_negative_token_estimate() {
        RateLimiter limiter = limiter(new TestRules().tenant(rpm(1)).build());

        assertThatThrownBy(() -> limiter.check(tenant("acme"), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
