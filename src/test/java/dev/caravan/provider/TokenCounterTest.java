package dev.caravan.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.gateway.ChatMessage.Role;
import dev.caravan.gateway.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    @Test
    void should_count_tokens_with_cl100k_when_given_text() {
        // "Hello, world!" is 4 tokens in cl100k_base: "Hello" "," " world" "!"
        assertThat(counter.count("Hello, world!")).isEqualTo(4);
        assertThat(counter.count("The quick brown fox jumps over the lazy dog.")).isPositive();
    }

    @Test
    void should_count_more_tokens_when_the_text_is_longer() {
        long shortText = counter.count("tokens");
        long longText = counter.count("tokens ".repeat(100));

        assertThat(longText).isGreaterThan(shortText * 50);
    }

    @Test
    void should_count_zero_when_text_is_null_or_empty() {
        assertThat(counter.count((String) null)).isZero();
        assertThat(counter.count("")).isZero();
    }

    @Test
    void should_add_four_tokens_per_message_when_counting_a_conversation() {
        // given
        var system = new ChatMessage(Role.SYSTEM, "Be brief.", null);
        var user = new ChatMessage(Role.USER, "Hello, world!", null);

        // when
        long total = counter.count(List.of(system, user));

        // then
        assertThat(total).isEqualTo(4 + counter.count("Be brief.") + 4 + counter.count("Hello, world!"));
    }

    @Test
    void should_count_only_the_overhead_when_messages_are_empty() {
        assertThat(counter.count(List.of(new ChatMessage(Role.ASSISTANT, "", null)))).isEqualTo(4);
        assertThat(counter.count(List.<ChatMessage>of())).isZero();
    }
}
