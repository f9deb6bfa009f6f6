package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisAvailabilityTest {

    @ParameterizedTest
    @CsvSource({"250, 250ms", "5000, 5s", "1500, 1.5s", "125000, 2m 5s"})
    void should_print_durations_as_configured_when_logging(long millis, String expected) {
        assertThat(RedisAvailability.readable(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
