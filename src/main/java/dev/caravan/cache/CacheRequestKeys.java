package dev.caravan.cache;

import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.RequestOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Hashes of a normalized chat request. Everything that changes the answer goes in — messages
 * (role, name, content without leading/trailing white space), the model or virtual model asked
 * for and the caller's routing preferences (strategy, preferred provider or model: they change
 * which model answers), the task, temperature, top_p, max_tokens, stop (as a set), seed, penalties, response
 * format, and the sensitivity level — each as a tagged, length-prefixed field so that no two
 * different requests share an encoding. What does not change it stays out: the stream flag, the
 * request id, the body's {@code user} field. Numbers are compared by value ({@code 0.70 == 0.7}).
 *
 * <p>The tenant and user are not hashed: they are part of the key's path (see {@link CacheKey}),
 * so that invalidation can select them.
 */
public final class CacheRequestKeys {

    private CacheRequestKeys() {
    }

    /** The exact-cache hash of the whole request. */
    public static String exact(String model, RequestOptions routing, String task, String sensitivity, ChatRequest chat) {
        var out = new Canonical();
        parameters(out, model, routing, task, sensitivity, chat);
        for (ChatMessage m : chat.messages()) {
            message(out, m);
        }
        return out.sha256();
    }

    /**
     * The semantic partition's context: everything of {@link #exact} but the last message's text,
     * which is what gets embedded and compared. Null when the last message is not the user's
     * (nothing to compare).
     */
    public static String context(String model, RequestOptions routing, String task, String sensitivity, ChatRequest chat) {
        List<ChatMessage> messages = chat.messages();
        if (messages.isEmpty() || messages.get(messages.size() - 1).role() != ChatMessage.Role.USER) {
            return null;
        }
        var out = new Canonical();
        out.field("kind", "semantic-v1");
        parameters(out, model, routing, task, sensitivity, chat);
        for (int i = 0; i < messages.size() - 1; i++) {
            message(out, messages.get(i));
        }
        ChatMessage last = messages.get(messages.size() - 1);
        out.field("last-role", last.role().wire()).field("last-name", last.name());
        return out.sha256();
    }

    /** The text the semantic cache compares: the last user message. */
    public static String semanticText(ChatRequest chat) {
        return chat.messages().get(chat.messages().size() - 1).content().strip();
    }

    private static void parameters(Canonical out, String model, RequestOptions routing, String task, String sensitivity,
                                   ChatRequest chat) {
        out.field("model", model).field("strategy", routing.strategy()).field("prefer_provider", routing.preferProvider())
                .field("prefer_model", routing.preferModel())
                .field("task", task).field("sensitivity", sensitivity)
                .number("temperature", chat.temperature()).number("top_p", chat.topP())
                .field("max_tokens", chat.maxTokens() == null ? null : chat.maxTokens().toString())
                .field("seed", chat.seed() == null ? null : chat.seed().toString())
                .number("presence_penalty", chat.presencePenalty()).number("frequency_penalty", chat.frequencyPenalty())
                .field("response_format", chat.responseFormat());
        List<String> stop = chat.stop().stream().distinct().sorted().toList();
        out.field("stop", String.valueOf(stop.size()));
        stop.forEach(s -> out.field("stop-item", s));
        // tools are refused by the parser today; when they are accepted they must be hashed here too
    }

    private static void message(Canonical out, ChatMessage m) {
        out.field("role", m.role().wire()).field("name", m.name()).field("content", m.content() == null ? null : m.content().strip());
    }

    /** Tagged, length-prefixed fields; null is encoded differently from the empty string. */
    private static final class Canonical {
        private final StringBuilder text = new StringBuilder(256);

        Canonical field(String tag, String value) {
            text.append(tag).append('=');
            if (value == null) {
                text.append('-');
            } else {
                text.append(value.length()).append(':').append(value);
            }
            text.append(';');
            return this;
        }

        Canonical number(String tag, Double value) {
            return field(tag, value == null ? null : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        }

        String sha256() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
