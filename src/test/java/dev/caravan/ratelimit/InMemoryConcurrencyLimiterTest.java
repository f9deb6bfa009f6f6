package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract in memory, plus what only the in-memory limiter does: threads on one lock, and its memory. */
class InMemoryConcurrencyLimiterTest extends ConcurrencyLimiterContract {

    @Override
    protected InMemoryConcurrencyLimiter limiter(ConcurrencyProperties properties) {
        return new InMemoryConcurrencyLimiter(properties, clock);
    }

    @Test
    void should_never_hold_more_than_the_limit_when_many_threads_acquire_and_release() throws Exception {
        InMemoryConcurrencyLimiter limiter = limiter(limits(null, 5, null, null, null));
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            workers.add(() -> {
                int acquired = 0;
                for (int round = 0; round < 200; round++) {
                    ConcurrencyDecision decision = limiter.acquire(ConcurrencyKey.of("acme", null));
                    if (decision.acquired()) {
                        acquired++;
                        mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        Thread.yield();
                        holding.decrementAndGet();
                        limiter.release(decision.permit());
                    }
                }
                return acquired;
            });
        }

        List<Integer> acquired = Concurrently.run(50, workers);

        assertThat(mostHeld.get()).isBetween(1, 5);
        assertThat(acquired.stream().mapToInt(Integer::intValue).sum()).isPositive();
        assertThat(limiter.held(ConcurrencyKey.tenant("acme"))).isZero();
    }

    @Test
    void should_grant_exactly_the_limit_when_many_threads_acquire_at_once() throws Exception {
        InMemoryConcurrencyLimiter limiter = limiter(limits(null, 5, 3, null, null));
        List<Callable<Boolean>> acquires = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            acquires.add(() -> limiter.acquire(ConcurrencyKey.of("acme", "quiz")).acquired());
            acquires.add(() -> limiter.acquire(ConcurrencyKey.of("acme", "code")).acquired());
        }

        List<Boolean> results = Concurrently.run(16, acquires);

        assertThat(results.stream().filter(Boolean::booleanValue).count()).isEqualTo(5);
        assertThat(limiter.held(ConcurrencyKey.tenant("acme"))).isEqualTo(5);
        assertThat(limiter.held(ConcurrencyKey.task("quiz")) + limiter.held(ConcurrencyKey.task("code"))).isEqualTo(5);
        assertThat(limiter.held(ConcurrencyKey.task("quiz"))).isLessThanOrEqualTo(3);
        assertThat(limiter.held(ConcurrencyKey.task("code"))).isLessThanOrEqualTo(3);
    }

    @Test
    void should_forget_a_key_when_its_last_permit_is_released() {
        InMemoryConcurrencyLimiter limiter = limiter(limits(null, 5, 5, null, null));
        Permit permit = limiter.acquire(ConcurrencyKey.of("acme", "quiz")).permit();
        assertThat(limiter.keysHeld()).isEqualTo(2);

        limiter.release(permit);

        assertThat(limiter.keysHeld()).isZero();
    }

    @Test
    void should_sweep_ended_leases_of_keys_no_longer_used() {
        InMemoryConcurrencyLimiter limiter = limiter(limits(null, 5, null, null, null));
        limiter.acquire(ConcurrencyKey.of("acme", null));
        clock.advance(LEASE.plus(Duration.ofMinutes(1)));

        limiter.acquire(ConcurrencyKey.of("globex", null));

        assertThat(limiter.keysHeld()).as("acme's ended lease is gone, globex's held").isEqualTo(1);
    }
}
