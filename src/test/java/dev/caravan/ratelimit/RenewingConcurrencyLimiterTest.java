package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RenewingConcurrencyLimiterTest {

    private static final Duration LEASE = Duration.ofMinutes(10);

    private final TestClock clock = new TestClock();
    private final InMemoryConcurrencyLimiter inMemory = new InMemoryConcurrencyLimiter(
            new ConcurrencyProperties(null, 1, null, null, null, LEASE), clock);
    private final RenewingConcurrencyLimiter limiter = new RenewingConcurrencyLimiter(inMemory, null);

    @Test
    void should_keep_a_request_longer_than_one_lease_in_its_place_while_renewing() {
        Permit permit = limiter.acquire(ConcurrencyKey.of("acme", null)).permit();

        for (int round = 0; round < 6; round++) { // an hour: six leases' worth, renewed every 10 minutes minus one
            clock.advance(LEASE.minusMinutes(1));
            limiter.renewHeld();
        }

        assertThat(limiter.acquire(ConcurrencyKey.of("acme", null)).acquired()).as("still held after an hour").isFalse();
        limiter.release(permit);
        assertThat(limiter.held()).isZero();
        assertThat(limiter.acquire(ConcurrencyKey.of("acme", null)).acquired()).isTrue();
    }

    @Test
    void should_stop_renewing_a_released_permit() {
        Permit permit = limiter.acquire(ConcurrencyKey.of("acme", null)).permit();
        assertThat(limiter.held()).isEqualTo(1);

        limiter.release(permit);
        limiter.renewHeld();

        assertThat(limiter.held()).isZero();
        assertThat(inMemory.held(ConcurrencyKey.of("acme", null).get(0))).isZero();
    }

    @Test
    void should_remember_neither_refusals_nor_the_empty_permit() {
        RenewingConcurrencyLimiter unlimited = new RenewingConcurrencyLimiter(
                new InMemoryConcurrencyLimiter(new ConcurrencyProperties(null, null, null, null, null, LEASE), clock), null);
        assertThat(unlimited.acquire(ConcurrencyKey.of("acme", null)).permit().isEmpty()).isTrue();
        assertThat(unlimited.held()).isZero();

        limiter.acquire(ConcurrencyKey.of("acme", null));
        assertThat(limiter.acquire(ConcurrencyKey.of("acme", null)).acquired()).isFalse();
        assertThat(limiter.held()).isEqualTo(1);
    }
}
