package dev.caravan.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorEngineTest {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private final SimulatorEngine engine = new SimulatorEngine();

    private static List<PromptMessage> prompt(String text) {
        return List.of(new PromptMessage("system", "You are terse."), new PromptMessage("user", text));
    }

    @Test
    void should_return_the_same_text_when_model_messages_and_max_tokens_are_the_same() {
        // given
        List<PromptMessage> messages = prompt("Tell me about caravans.");

        // when
        SimulatedCompletion first = engine.complete("sim-small", messages, null);
        SimulatedCompletion second = new SimulatorEngine().complete("sim-small", List.copyOf(messages), null);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(first.text()).startsWith("[sim-small] ");
        assertThat(first.finishReason()).isEqualTo("stop");
    }

    @Test
    void should_return_different_text_when_prompt_or_model_differ() {
        // when
        String base = engine.complete("sim-small", prompt("one"), null).text();
        String otherPrompt = engine.complete("sim-small", prompt("two"), null).text();
        String otherModel = engine.complete("sim-large", prompt("one"), null).text();

        // then
        assertThat(otherPrompt).isNotEqualTo(base);
        assertThat(otherModel).startsWith("[sim-large] ").isNotEqualTo(base);
    }

    @Test
    void should_not_echo_the_prompt_when_answering() {
        // when
        String text = engine.complete("sim-small", prompt("zebra xylophone quokka"), null).text();

        // then
        assertThat(text).doesNotContain("zebra", "xylophone", "quokka");
    }

    @Test
    void should_answer_with_12_to_60_words_when_not_limited() {
        for (int i = 0; i < 200; i++) {
            // when
            String text = engine.complete("sim-medium", prompt("question " + i), null).text();

            // then
            int words = text.split(" ").length - 1; // minus the marker
            assertThat(words).as("words of %s", text).isBetween(SimulatorEngine.MIN_WORDS, SimulatorEngine.MAX_WORDS);
        }
    }

    @Test
    void should_report_completion_tokens_equal_to_jtokkit_count_of_text_when_answering() {
        for (int i = 0; i < 50; i++) {
            // when
            SimulatedCompletion completion = engine.complete("sim-small", prompt("count me " + i), null);

            // then
            assertThat(completion.completionTokens()).isEqualTo(CL100K.countTokens(completion.text()));
            assertThat(completion.tokens()).hasSize(completion.completionTokens());
        }
    }

    @Test
    void should_cut_the_answer_with_finish_reason_length_when_max_tokens_is_below_its_length() {
        // given
        List<PromptMessage> messages = prompt("A long story, please.");
        SimulatedCompletion whole = engine.complete("sim-small", messages, null);

        for (int max = 1; max < whole.completionTokens(); max++) {
            // when
            SimulatedCompletion cut = engine.complete("sim-small", messages, max);

            // then
            assertThat(cut.finishReason()).isEqualTo("length");
            assertThat(cut.completionTokens()).isLessThanOrEqualTo(max).isEqualTo(CL100K.countTokens(cut.text()));
            assertThat(whole.text()).startsWith(cut.text());
            assertThat(cut).isEqualTo(engine.complete("sim-small", messages, max));
        }
    }

    @Test
    void should_keep_finish_reason_stop_when_max_tokens_is_not_reached() {
        // given
        List<PromptMessage> messages = prompt("Short?");
        SimulatedCompletion whole = engine.complete("sim-small", messages, null);

        // when
        SimulatedCompletion exact = engine.complete("sim-small", messages, whole.completionTokens());

        // then
        assertThat(exact).isEqualTo(whole);
    }

    @Test
    void should_concatenate_streamed_pieces_to_the_text_when_tokenized() {
        // given
        SimulatedCompletion completion = engine.complete("sim-large", prompt("stream it"), null);

        // when
        String joined = String.join("", completion.tokens());

        // then
        assertThat(joined).isEqualTo(completion.text());
        assertThat(completion.tokens()).allSatisfy(piece -> assertThat(piece).isNotEmpty());
        assertThat(engine.tokenize(completion.text())).isEqualTo(completion.tokens());
    }

    @Test
    void should_count_prompt_tokens_as_content_tokens_plus_overhead_per_message_when_counting() {
        // given
        List<PromptMessage> messages = List.of(
                new PromptMessage("system", "Be brief."),
                new PromptMessage("user", "How far is the next oasis?"),
                new PromptMessage("assistant", ""));

        // when
        int tokens = engine.promptTokens(messages);

        // then
        int expected = CL100K.countTokens("Be brief.") + CL100K.countTokens("How far is the next oasis?")
                + 3 * SimulatorEngine.PER_MESSAGE_OVERHEAD;
        assertThat(tokens).isEqualTo(expected);
        assertThat(engine.complete("sim-small", messages, null).promptTokens()).isEqualTo(expected);
    }

    @Test
    void should_count_special_token_text_as_ordinary_text_when_prompt_contains_it() {
        // when
        int tokens = engine.promptTokens(List.of(new PromptMessage("user", "<|endoftext|>")));

        // then
        assertThat(tokens).isGreaterThan(SimulatorEngine.PER_MESSAGE_OVERHEAD + 1);
    }

    @Test
    void should_keep_marker_ascii_when_model_id_is_not() {
        // when
        SimulatedCompletion completion = engine.complete("modèle-été", prompt("bonjour"), null);

        // then
        assertThat(completion.text()).startsWith("[mod_le-_t_] ");
        assertThat(String.join("", completion.tokens())).isEqualTo(completion.text());
    }

    @Test
    void should_reject_max_tokens_when_not_positive() {
        assertThatThrownBy(() -> engine.complete("sim-small", prompt("x"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
