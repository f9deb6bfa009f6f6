package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.gateway.CacheControl;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatMessage.Role;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.RequestOptions;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CacheRequestKeysTest {

    private static final RequestOptions NONE = RequestOptions.NONE;

    private static final ChatRequest BASE = chat(List.of(new ChatMessage(Role.SYSTEM, "You are terse.", null),
            new ChatMessage(Role.USER, "Name three desert animals.", null)), 0.0, null, 100, List.of("END", "STOP"), null);

    @Test
    void theSameRequestHasTheSameKeyWhateverTheStreamFlagOrEdgeWhiteSpace() {
        ChatRequest streamed = new ChatRequest(List.of(new ChatMessage(Role.SYSTEM, "  You are terse.\n", null),
                new ChatMessage(Role.USER, "Name three desert animals.  ", null)), 0.0, null, 100, List.of("STOP", "END"),
                null, null, null, null, "someone", true, true);
        assertThat(exact(streamed)).isEqualTo(exact(BASE));
    }

    @Test
    void numbersAreComparedByValue() {
        assertThat(exact(with(c -> chat(c.messages(), 0.70, null, 100, c.stop(), null))))
                .isEqualTo(exact(with(c -> chat(c.messages(), 0.7, null, 100, c.stop(), null))));
    }

    @Test
    void everyFieldThatChangesTheAnswerChangesTheKey() {
        String base = exact(BASE);
        assertThat(List.of(
                exact(with(c -> chat(List.of(c.messages().get(0), new ChatMessage(Role.USER, "Name four desert animals.", null)),
                        0.0, null, 100, c.stop(), null))),
                exact(with(c -> chat(List.of(new ChatMessage(Role.SYSTEM, "You are verbose.", null), c.messages().get(1)),
                        0.0, null, 100, c.stop(), null))),
                exact(with(c -> chat(List.of(new ChatMessage(Role.USER, "You are terse.", null), c.messages().get(1)),
                        0.0, null, 100, c.stop(), null))),
                exact(with(c -> chat(c.messages(), 0.1, null, 100, c.stop(), null))),
                exact(with(c -> chat(c.messages(), 0.0, 0.5, 100, c.stop(), null))),
                exact(with(c -> chat(c.messages(), 0.0, null, 101, c.stop(), null))),
                exact(with(c -> chat(c.messages(), 0.0, null, null, c.stop(), null))),
                exact(with(c -> chat(c.messages(), 0.0, null, 100, List.of("END"), null))),
                exact(with(c -> chat(c.messages(), 0.0, null, 100, c.stop(), 7L))),
                exact(with(c -> new ChatRequest(c.messages(), 0.0, null, 100, c.stop(), null, null, null, "json_object",
                        null, false, false))),
                exact(with(c -> new ChatRequest(c.messages(), 0.0, null, 100, c.stop(), null, 0.5, null, null,
                        null, false, false))),
                CacheRequestKeys.exact("sim-large", NONE, null, "public", BASE),
                CacheRequestKeys.exact("sim-small", NONE, "quiz", "public", BASE),
                CacheRequestKeys.exact("sim-small", NONE, null, "confidential", BASE),
                CacheRequestKeys.exact("sim-small", new RequestOptions("quality", null, null), null, "public", BASE),
                CacheRequestKeys.exact("sim-small", new RequestOptions(null, "simulator", null), null, "public", BASE),
                CacheRequestKeys.exact("sim-small", new RequestOptions(null, null, "sim-large"), null, "public", BASE)))
                .doesNotContain(base)
                .doesNotHaveDuplicates();
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        // "ab" + "c" and "a" + "bc" must not encode alike
        var one = chat(List.of(new ChatMessage(Role.USER, "ab", null), new ChatMessage(Role.USER, "c", null)), null, null, null, null, null);
        var two = chat(List.of(new ChatMessage(Role.USER, "a", null), new ChatMessage(Role.USER, "bc", null)), null, null, null, null, null);
        assertThat(exact(one)).isNotEqualTo(exact(two));
        var empty = chat(List.of(new ChatMessage(Role.USER, "", null)), null, null, null, null, null);
        var nameless = chat(List.of(new ChatMessage(Role.USER, "", "")), null, null, null, null, null);
        assertThat(exact(empty)).isNotEqualTo(exact(nameless));
    }

    @Test
    void theSemanticContextIsEverythingButTheLastUserMessage() {
        var paraphrase = with(c -> chat(List.of(c.messages().get(0), new ChatMessage(Role.USER, "List 3 animals of the desert.", null)),
                0.0, null, 100, c.stop(), null));
        assertThat(context(paraphrase)).isEqualTo(context(BASE));
        assertThat(exact(paraphrase)).isNotEqualTo(exact(BASE));
        var otherSystem = with(c -> chat(List.of(new ChatMessage(Role.SYSTEM, "You are verbose.", null), c.messages().get(1)),
                0.0, null, 100, c.stop(), null));
        assertThat(context(otherSystem)).isNotEqualTo(context(BASE));
        assertThat(context(with(c -> chat(c.messages(), 0.0, null, 50, c.stop(), null)))).isNotEqualTo(context(BASE));
        assertThat(CacheRequestKeys.semanticText(BASE)).isEqualTo("Name three desert animals.");
    }

    @Test
    void aConversationEndingWithTheAssistantHasNoSemanticContext() {
        var ending = chat(List.of(new ChatMessage(Role.USER, "Hi", null), new ChatMessage(Role.ASSISTANT, "Hello", null)),
                null, null, null, null, null);
        assertThat(context(ending)).isNull();
    }

    @Test
    void cacheControlsDoNotChangeTheKey() {
        assertThat(CacheRequestKeys.exact("sim-small", new RequestOptions(null, null, null, new CacheControl(false, true, true)), null,
                "public", BASE)).isEqualTo(exact(BASE));
    }

    @Test
    void keysAreSha256Hex() {
        assertThat(exact(BASE)).matches("[0-9a-f]{64}");
    }

    private static String exact(ChatRequest chat) {
        return CacheRequestKeys.exact("sim-small", NONE, null, "public", chat);
    }

    private static String context(ChatRequest chat) {
        return CacheRequestKeys.context("sim-small", NONE, null, "public", chat);
    }

    private static ChatRequest with(UnaryOperator<ChatRequest> change) {
        return change.apply(BASE);
    }

    private static ChatRequest chat(List<ChatMessage> messages, Double temperature, Double topP, Integer maxTokens,
                                    List<String> stop, Long seed) {
        return new ChatRequest(messages, temperature, topP, maxTokens, stop, seed, null, null, null, null, false, false);
    }
}
