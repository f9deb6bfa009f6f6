package dev.caravan.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharedRedisConnectionTest {

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
            "redis://:secret@host:6379 redis://:***@host:6379",
            "redis://user:secret@host:6379/2 redis://user:***@host:6379/2",
            "rediss://secret@host rediss://***@host",
            "redis://host:6379 redis://host:6379",
            "redis://:p@ss/w:rd@host:6379 redis://:***@host:6379",
            "'' ''",
    })
    void should_hide_the_password_when_masking(String url, String masked) {
        assertThat(SharedRedisConnection.maskPassword(url)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({"http://:secret@host", "redis://:secret@host:99999", "redis://:secret@ho st"})
    void should_refuse_without_showing_the_password_when_the_url_is_invalid(String url) {
        assertThatThrownBy(() -> new SharedRedisConnection(url, Duration.ofMillis(250), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("secret").contains("***");
    }
}
