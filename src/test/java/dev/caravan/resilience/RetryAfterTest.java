package dev.caravan.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource(delimiter = '|', value = {
            "Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 1.5s. Visit https://platform.openai.com/account/rate-limits | 1500",
            "Rate limit reached for requests. Please try again in 20ms. | 20",
            "Too many requests, try again in 3 seconds | 3000",
            "Please try again in 6m0s. | 360000",
            "Please try again in 1m30.5s | 90500",
            "Please try again in 1 minute | 60000",
            "please TRY AGAIN IN 2 hours | 7200000",
            "Retry-After: 5 | 5000",
            "quota exceeded; retry after 2 | 2000",
            "retry after 2.5 seconds | 2500",
            "{\"error\":{\"retry_after\": 7}} | 7000",
            "{\"retry_after_ms\": 250} | 250",
            "{\"error\":{\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"32s\"}]}} | 32000",
    })
    void should_read_the_wait_when_the_message_names_one(String message, long expectedMillis) {
        assertThat(RetryAfter.parse(message)).contains(Duration.ofMillis(expectedMillis));
        assertThat(RetryAfter.parseMillis(message)).isEqualTo(expectedMillis);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Too many requests",
            "Rate limit reached. Limit: 10000, Used: 9000, Requested: 2000. Please try again later.",
            "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT",
            "try again in 3 days",
            "try again in 12 days",
            "You exceeded your current quota, please check your plan and billing details.",
    })
    void should_answer_unknown_when_no_wait_can_be_read(String message) {
        assertThat(RetryAfter.parse(message)).isEmpty();
        assertThat(RetryAfter.parseMillis(message)).isEqualTo(-1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void should_answer_unknown_when_there_is_no_message(String message) {
        assertThat(RetryAfter.parse(message)).isEmpty();
    }

    @Test
    void should_take_the_first_readable_wait_when_several_phrases_appear() {
        assertThat(RetryAfter.parseMillis("retry after a while; Retry-After: 4; try again in 9s")).isEqualTo(4000);
    }

    @Test
    void should_ignore_phrases_beyond_the_scanned_prefix_when_the_body_is_huge() {
        String body = "x".repeat(RetryAfter.MAX_SCAN) + " try again in 1s";
        assertThat(RetryAfter.parse(body)).isEmpty();
    }
}
