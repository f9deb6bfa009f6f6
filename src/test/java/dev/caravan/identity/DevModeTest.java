package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DevModeTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1", "127.1.2.3"})
    void should_count_as_loopback_when_the_address_is_loopback(String address) {
        assertThat(DevMode.isLoopback(address)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.5", "192.168.1.1", "example.com", "127.0.0.256",
            "127.0.0", "localhost.example.com", "128.0.0.1"})
    void should_not_count_as_loopback_when_the_address_reaches_the_network(String address) {
        assertThat(DevMode.isLoopback(address)).isFalse();
    }

    @Test
    void should_apply_when_allowed_on_loopback_with_no_keys() {
        DevMode devMode = new DevMode(true, "127.0.0.1", () -> 0, Duration.ofSeconds(30), Clock.systemUTC());

        assertThat(devMode.applies()).isTrue();
        assertThat(devMode.announce()).isTrue();
    }

    @Test
    void should_not_apply_when_a_key_exists_the_address_is_public_or_it_is_switched_off() {
        assertThat(new DevMode(true, "127.0.0.1", () -> 1, Duration.ofSeconds(30), Clock.systemUTC()).applies())
                .isFalse();
        assertThat(new DevMode(true, "0.0.0.0", () -> 0, Duration.ofSeconds(30), Clock.systemUTC()).applies())
                .isFalse();
        assertThat(new DevMode(true, null, () -> 0, Duration.ofSeconds(30), Clock.systemUTC()).applies())
                .isFalse();
        assertThat(new DevMode(false, "127.0.0.1", () -> 0, Duration.ofSeconds(30), Clock.systemUTC()).applies())
                .isFalse();
    }

    @Test
    void should_end_within_the_recheck_interval_when_the_first_key_is_created() {
        AtomicLong keys = new AtomicLong();
        AtomicInteger counts = new AtomicInteger();
        MutableClock clock = new MutableClock(Instant.parse("2025-03-14T12:00:00Z"));
        DevMode devMode = new DevMode(true, "localhost", () -> {
            counts.incrementAndGet();
            return keys.get();
        }, Duration.ofSeconds(30), clock);
        assertThat(devMode.applies()).isTrue();

        keys.set(1);
        clock.now = clock.now.plusSeconds(10);
        assertThat(devMode.applies()).isTrue();
        clock.now = clock.now.plusSeconds(20);

        assertThat(devMode.applies()).isFalse();
        assertThat(counts).hasValue(2);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
