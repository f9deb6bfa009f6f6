package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bean's meters, and a release that reaches the limiter once per permit. */
class MeteredConcurrencyLimiterTest {

    private final TestClock clock = new TestClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private MeteredConcurrencyLimiter metered(ConcurrencyLimiter delegate) {
        return new MeteredConcurrencyLimiter(delegate, meters);
    }

    private double refused(String scope, String reason) {
        return meters.get("caravan.concurrency.refused").tag("scope", scope).tag("reason", reason).counter().count();
    }

    private double inFlight() {
        return meters.get("caravan.concurrency.in.flight").gauge().value();
    }

    @Test
    void should_count_refusals_by_the_scope_that_refused() {
        MeteredConcurrencyLimiter limiter = metered(new InMemoryConcurrencyLimiter(
                new ConcurrencyProperties(null, 1, null, null, Map.of("LLM2_DRAFT", 1), null), clock));
        limiter.acquire(ConcurrencyKey.of("acme", "LLM2_DRAFT"));

        limiter.acquire(ConcurrencyKey.of("acme", null));
        limiter.acquire(ConcurrencyKey.of("globex", "LLM2_DRAFT"));
        limiter.acquire(ConcurrencyKey.of("initech", "LLM2_DRAFT"));

        assertThat(refused("tenant", "limit")).isEqualTo(1);
        assertThat(refused("task", "limit")).isEqualTo(2);
        assertThat(refused("global", "limit")).isZero();
        assertThat(refused("none", "unavailable")).isZero();
    }

    @Test
    void should_count_unavailable_refusals_apart() {
        ConcurrencyLimiter down = new ConcurrencyLimiter() {
            @Override
            public ConcurrencyDecision acquire(List<ConcurrencyKey> keys) {
                return ConcurrencyDecision.unavailable(java.time.Duration.ofSeconds(5), "test");
            }

            @Override
            public void release(Permit permit) {
            }
        };

        metered(down).acquire(ConcurrencyKey.of("acme", null));

        assertThat(refused("none", "unavailable")).isEqualTo(1);
        assertThat(refused("tenant", "limit")).isZero();
    }

    @Test
    void should_show_the_permits_held_and_release_each_once_however_often_it_is_released() {
        AtomicInteger releases = new AtomicInteger();
        InMemoryConcurrencyLimiter inMemory = new InMemoryConcurrencyLimiter(ConcurrencyLimiterContract.tenantLimit(5), clock);
        MeteredConcurrencyLimiter limiter = metered(new ConcurrencyLimiter() {
            @Override
            public ConcurrencyDecision acquire(List<ConcurrencyKey> keys) {
                return inMemory.acquire(keys);
            }

            @Override
            public void release(Permit permit) {
                releases.incrementAndGet();
                inMemory.release(permit);
            }
        });
        Permit first = limiter.acquire(ConcurrencyKey.of("acme", null)).permit();
        limiter.acquire(ConcurrencyKey.of("acme", null));
        limiter.acquire(ConcurrencyKey.of(null, "quiz"));
        assertThat(inFlight()).as("the empty permit is not counted").isEqualTo(2);

        limiter.release(first);
        limiter.release(first);
        limiter.release(Permit.none());

        assertThat(inFlight()).isEqualTo(1);
        assertThat(limiter.inFlight()).isEqualTo(1);
        assertThat(releases).hasValue(1);
        assertThat(inMemory.held(ConcurrencyKey.tenant("acme"))).isEqualTo(1);
    }
}
