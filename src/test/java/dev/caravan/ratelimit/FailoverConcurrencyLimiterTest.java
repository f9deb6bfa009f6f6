package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.ratelimit.ConcurrencyDecision.Outcome;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When Redis is asked, what an acquire gets while it cannot be, and where permits go back, with a fake Redis limiter. */
class FailoverConcurrencyLimiterTest {

    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final List<ConcurrencyKey> ACME = ConcurrencyKey.of("acme", null);

    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConcurrencyProperties limits = ConcurrencyLimiterContract.tenantLimit(2);
    private final InMemoryConcurrencyLimiter redisSide = new InMemoryConcurrencyLimiter(limits, clock);
    private final FakeRedis redis = new FakeRedis(redisSide);
    private final InMemoryConcurrencyLimiter local = new InMemoryConcurrencyLimiter(limits, clock);

    /** Delegates to a limiter while up, throws as Lettuce does while down; counts calls. */
    private static final class FakeRedis implements ConcurrencyLimiter {
        final ConcurrencyLimiter delegate;
        boolean down;
        RuntimeException failure = new RedisConnectionException("Connection refused");
        int acquires;
        int releases;
        boolean closed;

        FakeRedis(ConcurrencyLimiter delegate) {
            this.delegate = delegate;
        }

        @Override
        public ConcurrencyDecision acquire(List<ConcurrencyKey> keys) {
            acquires++;
            if (down) {
                throw failure;
            }
            return delegate.acquire(keys);
        }

        @Override
        public void release(Permit permit) {
            releases++;
            if (down) {
                throw failure;
            }
            delegate.release(permit);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private FailoverConcurrencyLimiter limiter(boolean failOpen) {
        return new FailoverConcurrencyLimiter(redis, local, failOpen, RETRY, clock, "redis://test", meters);
    }

    @Test
    void should_hold_and_release_permits_in_redis_while_it_answers() {
        FailoverConcurrencyLimiter limiter = limiter(true);

        Permit permit = limiter.acquire(ACME).permit();
        limiter.acquire(ACME);
        assertThat(limiter.acquire(ACME).outcome()).isEqualTo(Outcome.LIMITED);
        limiter.release(permit);

        assertThat(redis.acquires).isEqualTo(3);
        assertThat(redis.releases).isEqualTo(1);
        assertThat(redisSide.held(ConcurrencyKey.tenant("acme"))).isEqualTo(1);
        assertThat(local.held(ConcurrencyKey.tenant("acme"))).isZero();
        assertThat(limiter.degraded()).isFalse();
        assertThat(meters.get("caravan.concurrency.degraded").gauge().value()).isZero();
        assertThat(meters.get("caravan.concurrency.redis.failures").counter().count()).isZero();
    }

    @Test
    void should_hold_permits_in_this_process_when_redis_fails_and_failing_open() {
        FailoverConcurrencyLimiter limiter = limiter(true);
        redis.down = true;

        ConcurrencyDecision first = limiter.acquire(ACME);
        ConcurrencyDecision second = limiter.acquire(ACME);
        ConcurrencyDecision third = limiter.acquire(ACME);

        assertThat(first.acquired()).isTrue();
        assertThat(second.acquired()).isTrue();
        assertThat(third.outcome()).as("the stand-in holds the limit").isEqualTo(Outcome.LIMITED);
        assertThat(local.held(ConcurrencyKey.tenant("acme"))).isEqualTo(2);
        assertThat(limiter.degraded()).isTrue();
        assertThat(meters.get("caravan.concurrency.degraded").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("caravan.concurrency.redis.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void should_release_a_permit_of_the_stand_in_there_even_after_redis_is_back() {
        FailoverConcurrencyLimiter limiter = limiter(true);
        redis.down = true;
        Permit fromStandIn = limiter.acquire(ACME).permit();
        redis.down = false;
        clock.advance(RETRY);
        Permit fromRedis = limiter.acquire(ACME).permit();
        assertThat(limiter.degraded()).isFalse();
        int redisReleases = redis.releases;

        limiter.release(fromStandIn);

        assertThat(redis.releases).as("not sent to Redis").isEqualTo(redisReleases);
        assertThat(local.held(ConcurrencyKey.tenant("acme"))).isZero();
        assertThat(redisSide.held(ConcurrencyKey.tenant("acme"))).isEqualTo(1);

        limiter.release(fromRedis);
        assertThat(redisSide.held(ConcurrencyKey.tenant("acme"))).isZero();
    }

    @Test
    void should_refuse_as_unavailable_when_redis_fails_and_failing_closed() {
        FailoverConcurrencyLimiter limiter = limiter(false);
        redis.down = true;

        ConcurrencyDecision refused = limiter.acquire(ACME);

        assertThat(refused.acquired()).isFalse();
        assertThat(refused.outcome()).isEqualTo(Outcome.UNAVAILABLE);
        assertThat(refused.refusedBy()).isEmpty();
        assertThat(refused.retryAfter()).isEqualTo(RETRY);
        assertThat(refused.message()).isEqualTo("Concurrency limits cannot be checked right now (the shared"
                + " concurrency store is unreachable). Please try again in 5s.");
        assertThatThrownBy(refused::permit).isInstanceOf(IllegalStateException.class);
        assertThat(local.held(ConcurrencyKey.tenant("acme"))).isZero();
    }

    @Test
    void should_leave_redis_alone_for_the_retry_interval_then_try_it_again() {
        FailoverConcurrencyLimiter limiter = limiter(true);
        redis.down = true;
        limiter.acquire(ACME);

        limiter.acquire(ConcurrencyKey.of("globex", null));
        clock.advance(RETRY.minusMillis(1));
        limiter.acquire(ConcurrencyKey.of("globex", null));
        assertThat(redis.acquires).as("not asked within the interval").isEqualTo(1);

        clock.advanceMillis(1);
        limiter.acquire(ConcurrencyKey.of("globex", null));
        assertThat(redis.acquires).as("asked once the interval passed, and failed again").isEqualTo(2);
        assertThat(meters.get("caravan.concurrency.redis.failures").counter().count()).isEqualTo(2);

        redis.down = false;
        clock.advance(RETRY);
        ConcurrencyDecision back = limiter.acquire(ACME);

        assertThat(redis.acquires).isEqualTo(3);
        assertThat(back.acquired()).isTrue();
        assertThat(redisSide.held(ConcurrencyKey.tenant("acme"))).as("Redis's count, not the stand-in's").isEqualTo(1);
        assertThat(limiter.degraded()).isFalse();
        assertThat(meters.get("caravan.concurrency.degraded").gauge().value()).isZero();
    }

    @Test
    void should_count_a_failed_release_without_throwing_and_leave_the_lease_to_end() {
        FailoverConcurrencyLimiter limiter = limiter(true);
        Permit permit = limiter.acquire(ACME).permit();
        redis.down = true;
        redis.failure = new RedisCommandTimeoutException("Command timed out after 100 millisecond(s)");

        limiter.release(permit);

        assertThat(limiter.degraded()).isTrue();
        assertThat(meters.get("caravan.concurrency.redis.failures").counter().count()).isEqualTo(1);
        assertThat(redisSide.held(ConcurrencyKey.tenant("acme"))).as("still held until its lease ends").isEqualTo(1);
    }

    @Test
    void should_not_send_releases_to_redis_while_it_is_marked_down() {
        FailoverConcurrencyLimiter limiter = limiter(true);
        Permit permit = limiter.acquire(ACME).permit();
        redis.down = true;
        limiter.acquire(ACME);
        int releases = redis.releases;

        limiter.release(permit);

        assertThat(redis.releases).isEqualTo(releases);
        assertThat(meters.get("caravan.concurrency.redis.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void should_throw_what_is_not_a_redis_failure() {
        FailoverConcurrencyLimiter limiter = limiter(true);
        redis.down = true;
        redis.failure = new IllegalStateException("a bug");

        assertThatThrownBy(() -> limiter.acquire(ACME)).isInstanceOf(IllegalStateException.class);
        assertThat(limiter.degraded()).isFalse();
    }

    @Test
    void should_close_both_limiters() {
        limiter(true).close();

        assertThat(redis.closed).isTrue();
    }
}
