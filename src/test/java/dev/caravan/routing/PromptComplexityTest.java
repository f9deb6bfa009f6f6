package dev.caravan.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.gateway.ChatMessage;
import dev.caravan.provider.TokenCounter;
import dev.caravan.routing.PromptComplexity.Assessment;
import dev.caravan.routing.PromptComplexity.Level;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromptComplexityTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private final PromptComplexity complexity = new PromptComplexity();

    private Assessment assess(String prompt) {
        return complexity.assess(prompt, TOKENS.count(prompt));
    }

    static Stream<Arguments> prompts() {
        return Stream.of(
                // prompt, level, signals (comma-separated, in reporting order; "" for none)
                Arguments.of("hi, how are you?", Level.SIMPLE, ""),
                Arguments.of("What's the capital of France?", Level.SIMPLE, ""),
                Arguments.of("Thanks, that was helpful!", Level.SIMPLE, ""),
                Arguments.of("Can you improve this sentence: the cat sat.", Level.SIMPLE, ""),
                Arguments.of("```\nfoo(bar)\n```", Level.COMPLEX, "code-block"),
                Arguments.of("Write a Python function that parses a CSV file.", Level.COMPLEX, "code"),
                Arguments.of("Why does my JavaScript throw a null pointer exception?", Level.COMPLEX, "code"),
                Arguments.of("My zip code is wrong on the invoice.", Level.MODERATE, "code"),
                Arguments.of("Prove that the square root of 2 is irrational.", Level.COMPLEX, "math"),
                Arguments.of("Compute the integral of x^2 from 0 to 1.", Level.COMPLEX, "math,equation"),
                Arguments.of("Simplify $$\\frac{a}{b}$$ please", Level.COMPLEX, "latex"),
                Arguments.of("Solve 3x + 4 = 10", Level.COMPLEX, "math,equation"),
                Arguments.of("Explain it step by step.", Level.MODERATE, "step-by-step"),
                Arguments.of("Compare Kafka and RabbitMQ.", Level.MODERATE, "analysis"),
                Arguments.of("Compare these options step by step.", Level.COMPLEX, "step-by-step,analysis"),
                Arguments.of("Requirements:\n1. fast\n2. cheap\n3. safe\nWhich car?", Level.MODERATE, "numbered-list"),
                Arguments.of("Requirements:\n1. fast\n2. cheap\n3. safe\nAnalyze the options.", Level.COMPLEX,
                        "numbered-list,analysis"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("prompts")
    void should_classify_the_prompt_when_its_signals_are_known(String prompt, Level level, String signals) {
        Assessment a = assess(prompt);

        assertThat(a.level()).isEqualTo(level);
        assertThat(a.signals()).containsExactlyElementsOf(
                signals.isEmpty() ? List.of() : Arrays.asList(signals.split(",")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            x^2                     | true
            (a + b) ^ 2             | true
            3x + 4 = 10             | true
            x - 2 = -1              | true
            y*3=9                   | true
            f(x) = x + 1            | true
            2 + 2 = 4               | false
            count = 0               | false
            if (a == 1)             | false
            i <= 10                 | false
            x != 3                  | false
            email me at a=b         | false
            10x = 5                 | false
            """)
    void should_recognise_written_equations_when_scanning(String text, boolean equation) {
        assertThat(PromptComplexity.hasEquation(text)).isEqualTo(equation);
    }

    @Test
    void should_match_terms_case_insensitively_and_across_punctuation() {
        assertThat(assess("PROVE IT").signals()).containsExactly(PromptComplexity.MATH);
        assertThat(assess("Use C++ and #include <stdio.h>").signals()).containsExactly(PromptComplexity.CODE);
        assertThat(assess("Implementing it, then refactoring it").signals()).containsExactly(PromptComplexity.CODE);
        assertThat(assess("Trade-offs of both").signals()).containsExactly(PromptComplexity.ANALYSIS);
        assertThat(assess("Caf\u00e9 design review").signals()).containsExactly(PromptComplexity.ANALYSIS);
    }

    @Test
    void should_call_a_long_plain_prompt_moderate_when_it_has_no_signals() {
        String prompt = "The weather was pleasant and the streets were quiet. ".repeat(40);

        Assessment a = assess(prompt);

        assertThat(a.promptTokens()).isGreaterThan(PromptComplexity.SIMPLE_MAX_TOKENS);
        assertThat(a.level()).isEqualTo(Level.MODERATE);
        assertThat(a.signals()).isEmpty();
    }

    @Test
    void should_flag_long_context_by_token_count_when_the_prompt_is_long() {
        String prompt = "The weather was pleasant and the streets were quiet. ".repeat(500);
        long tokens = TOKENS.count(prompt);

        Assessment a = complexity.assess(prompt, tokens);

        assertThat(tokens).isBetween(PromptComplexity.LONG_CONTEXT_TOKENS, PromptComplexity.VERY_LONG_CONTEXT_TOKENS);
        assertThat(a.signals()).containsExactly(PromptComplexity.LONG_CONTEXT);
        assertThat(a.level()).isEqualTo(Level.MODERATE);
        assertThat(complexity.assess("short", PromptComplexity.VERY_LONG_CONTEXT_TOKENS).signals())
                .containsExactly(PromptComplexity.VERY_LONG_CONTEXT);
        assertThat(complexity.assess("short", PromptComplexity.VERY_LONG_CONTEXT_TOKENS).level())
                .isEqualTo(Level.COMPLEX);
    }

    @Test
    void should_match_whole_words_when_a_keyword_is_part_of_another_word() {
        // "prove" in "improve", "api" in "capital", "def" in "define", "sql" nowhere
        Assessment a = assess("Please improve the capital letters and define the headings.");

        assertThat(a.signals()).isEmpty();
        assertThat(a.level()).isEqualTo(Level.SIMPLE);
    }

    @Test
    void should_scan_only_user_messages_when_a_system_prompt_mentions_code() {
        var messages = List.of(
                new ChatMessage(ChatMessage.Role.SYSTEM, "You are a Python coding assistant; answer with code.", null),
                new ChatMessage(ChatMessage.Role.USER, "hi, how are you?", null));

        Assessment a = complexity.assess(messages, TOKENS.count(messages));

        assertThat(a.level()).isEqualTo(Level.SIMPLE);
        assertThat(a.signals()).isEmpty();
    }

    @Test
    void should_combine_signals_across_user_messages_when_a_conversation_has_several() {
        var messages = List.of(
                new ChatMessage(ChatMessage.Role.USER, "I have a bug.", null),
                new ChatMessage(ChatMessage.Role.ASSISTANT, "Tell me more.", null),
                new ChatMessage(ChatMessage.Role.USER, "It is in my Java service.", null));

        Assessment a = complexity.assess(messages, TOKENS.count(messages));

        assertThat(a.signals()).containsExactly(PromptComplexity.CODE);
        assertThat(a.level()).isEqualTo(Level.COMPLEX);
    }

    @Test
    void should_give_the_same_answer_when_asked_twice() {
        String prompt = "Compare two sorting algorithms step by step and prove which is faster.";

        assertThat(assess(prompt)).isEqualTo(assess(prompt));
    }

    @Test
    void should_never_quote_the_prompt_when_reporting_signals() {
        Assessment a = assess("```secret-token-123```");

        assertThat(String.join(",", a.signals())).doesNotContain("secret");
    }
}
