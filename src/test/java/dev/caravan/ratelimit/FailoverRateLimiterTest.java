package dev.caravan.ratelimit;

import static dev.caravan.ratelimit.TestRules.rpm;
import static dev.caravan.ratelimit.TestRules.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.ratelimit.Decision.Outcome;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When Redis is asked, and what a request gets while it cannot be, with a fake Redis limiter. */
class FailoverRateLimiterTest {

    private static final Duration RETRY = Duration.ofSeconds(5);

    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimitRules rules = new TestRules().tenant(rpm(2)).build();
    private final FakeRedis redis = new FakeRedis(new InMemoryRateLimiter(rules, clock));

    /** Delegates to a limiter while up, throws as Lettuce does while down; counts calls. */
    private static final class FakeRedis implements RateLimiter {
        final RateLimiter delegate;
        boolean down;
        RuntimeException failure = new RedisConnectionException("Connection refused");
        int calls;
        boolean closed;

        FakeRedis(RateLimiter delegate) {
            this.delegate = delegate;
        }

        @Override
        public Decision check(List<LimitKey> keys, long tokens) {
            calls++;
            if (down) {
                throw failure;
            }
            return delegate.check(keys, tokens);
        }

        @Override
        public void adjustTokens(List<LimitKey> keys, long delta) {
            calls++;
            if (down) {
                throw failure;
            }
            delegate.adjustTokens(keys, delta);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private FailoverRateLimiter limiter(boolean failOpen) {
        return new FailoverRateLimiter(redis, new InMemoryRateLimiter(rules, clock), failOpen, RETRY, clock,
                "redis://test", meters);
    }

    @Test
    void should_use_redis_while_it_answers() {
        FailoverRateLimiter limiter = limiter(true);

        limiter.check(tenant("acme"), 0);
        limiter.check(tenant("acme"), 0);

        assertThat(redis.calls).isEqualTo(2);
        assertThat(limiter.check(tenant("acme"), 0).allowed()).isFalse();
        assertThat(limiter.degraded()).isFalse();
        assertThat(meters.get("caravan.ratelimit.degraded").gauge().value()).isZero();
        assertThat(meters.get("caravan.ratelimit.redis.failures").counter().count()).isZero();
    }

    @Test
    void should_count_in_this_process_when_redis_fails_and_failing_open() {
        FailoverRateLimiter limiter = limiter(true);
        redis.down = true;

        Decision first = limiter.check(tenant("acme"), 0);
        Decision second = limiter.check(tenant("acme"), 0);
        Decision third = limiter.check(tenant("acme"), 0);

        assertThat(first.allowed()).isTrue();
        assertThat(second.allowed()).isTrue();
        assertThat(third.outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(limiter.degraded()).isTrue();
        assertThat(meters.get("caravan.ratelimit.degraded").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("caravan.ratelimit.redis.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void should_refuse_as_unavailable_when_redis_fails_and_failing_closed() {
        FailoverRateLimiter limiter = limiter(false);
        redis.down = true;

        Decision refused = limiter.check(tenant("acme"), 0);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(refused.refusedBy()).isEmpty();
        assertThat(refused.retryAfter()).isEqualTo(RETRY);
        assertThat(refused.headers()).containsExactly(
                java.util.Map.entry("retry-after", "5"), java.util.Map.entry("retry-after-ms", "5000"));
        assertThat(refused.message()).isEqualTo("Rate limits cannot be checked right now (the shared rate-limit"
                + " store is unreachable). Please try again in 5s.");
    }

    @Test
    void should_leave_redis_alone_for_the_retry_interval_then_try_it_again() {
        FailoverRateLimiter limiter = limiter(true);
        redis.down = true;
        limiter.check(tenant("acme"), 0);

        limiter.check(tenant("globex"), 0);
        clock.advance(RETRY.minusMillis(1));
        limiter.check(tenant("globex"), 0);
        assertThat(redis.calls).as("not asked within the interval").isEqualTo(1);

        clock.advanceMillis(1);
        limiter.check(tenant("globex"), 0);
        assertThat(redis.calls).as("asked once the interval passed, and failed again").isEqualTo(2);
        assertThat(meters.get("caravan.ratelimit.redis.failures").counter().count()).isEqualTo(2);

        redis.down = false;
        clock.advance(RETRY);
        Decision back = limiter.check(tenant("acme"), 0);

        assertThat(redis.calls).isEqualTo(3);
        assertThat(limiter.degraded()).isFalse();
        assertThat(meters.get("caravan.ratelimit.degraded").gauge().value()).isZero();
        assertThat(back.requests().orElseThrow().remaining()).as("Redis's count, not the stand-in's").isEqualTo(1);
    }

    @Test
    void should_send_token_corrections_where_the_requests_are_counted() {
        RateLimitRules tokenRules = new TestRules().tenant(TestRules.tpm(1000)).build();
        FakeRedis tokenRedis = new FakeRedis(new InMemoryRateLimiter(tokenRules, clock));
        FailoverRateLimiter limiter = new FailoverRateLimiter(tokenRedis, new InMemoryRateLimiter(tokenRules, clock),
                true, RETRY, clock, "redis://test", meters);
        limiter.check(tenant("acme"), 500);
        limiter.adjustTokens(tenant("acme"), -300);
        assertThat(tokenRedis.delegate.check(tenant("acme"), 0).tokens().orElseThrow().remaining()).isEqualTo(800);

        tokenRedis.down = true;
        limiter.check(tenant("acme"), 500);
        limiter.adjustTokens(tenant("acme"), 200);

        assertThat(limiter.check(tenant("acme"), 0).tokens().orElseThrow().remaining()).isEqualTo(300);
    }

    @Test
    void should_throw_what_is_not_a_redis_failure() {
        FailoverRateLimiter limiter = limiter(true);
        redis.down = true;
        redis.failure = new IllegalStateException("a bug");

        assertThatThrownBy(() -> limiter.check(tenant("acme"), 0)).isInstanceOf(IllegalStateException.class);
        assertThat(limiter.degraded()).isFalse();
    }

    @Test
    void should_close_the_redis_limiter() {
        limiter(true).close();

        assertThat(redis.closed).isTrue();
    }
}
