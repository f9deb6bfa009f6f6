package dev.caravan.simulator;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes up answers and counts their tokens; no Spring, no I/O.
 *
 * <p>The answer is a function of the model id, the messages (role and content) and
 * {@code max_tokens}: a {@link SplittableRandom} seeded from a SHA-256 of the model and messages
 * picks 12 to 60 words from a fixed vocabulary, after a {@code [model-id]} marker. The prompt's own
 * words are never echoed. {@code max_tokens} only cuts that same answer short, so a cut answer is a
 * prefix of the whole one.
 *
 * <p>Tokens are counted with jtokkit's cl100k_base (special-token text counted as ordinary text):
 * <ul>
 *   <li>prompt tokens: for each message {@value #PER_MESSAGE_OVERHEAD} (OpenAI's chat framing
 *       overhead, the same figure as the gateway's own estimate) plus the tokens of its content;</li>
 *   <li>completion tokens: the tokens of the returned text, exactly.</li>
 * </ul>
 */
public final class SimulatorEngine {

    /** Tokens added per message for the chat format's framing. */
    public static final int PER_MESSAGE_OVERHEAD = 4;
    public static final int MIN_WORDS = 12;
    public static final int MAX_WORDS = 60;

    private static final String[] VOCABULARY = {
        "the", "caravan", "moves", "across", "quiet", "desert", "under", "a", "pale", "morning", "sky",
        "camels", "carry", "salt", "silk", "and", "spice", "between", "distant", "markets", "while",
        "traders", "count", "their", "coins", "near", "warm", "fires", "each", "route", "follows",
        "old", "wells", "stars", "guide", "travellers", "through", "long", "cold", "nights", "wind",
        "shapes", "dunes", "into", "slow", "waves", "of", "sand", "merchants", "share", "news",
        "about", "weather", "prices", "roads", "bridges", "rivers", "cities", "gates", "open",
        "early", "for", "tired", "animals", "water", "is", "precious", "every", "journey", "ends",
        "with", "stories", "told", "by", "lantern", "light", "gateway", "model", "answer", "simulated",
    };

    private static final int SENTENCE_MIN_WORDS = 5;
    private static final int SENTENCE_MAX_WORDS = 12;

    private final Encoding encoding = Cl100k.ENCODING;

    /** Tokens of {@code text} (0 for null or empty). */
    public int countTokens(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** Tokens of a prompt: each message's content plus {@value #PER_MESSAGE_OVERHEAD}. */
    public int promptTokens(List<PromptMessage> messages) {
        int total = 0;
        for (PromptMessage message : messages) {
            total += PER_MESSAGE_OVERHEAD + countTokens(message.content());
        }
        return total;
    }

    /** {@code text} as its tokens, each decoded on its own; they concatenate back to {@code text}. */
    public List<String> tokenize(String text) {
        return decodeEach(encoding.encodeOrdinary(text), Integer.MAX_VALUE);
    }

    /**
     * The answer of {@code model} to {@code messages}.
     *
     * @param maxTokens the most completion tokens to return, or null for no limit; must be positive
     */
    public SimulatedCompletion complete(String model, List<PromptMessage> messages, Integer maxTokens) {
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        String full = generateText(model, messages);
        IntArrayList encoded = encoding.encodeOrdinary(full);
        int promptTokens = promptTokens(messages);
        if (maxTokens == null || encoded.size() <= maxTokens) {
            List<String> tokens = decodeEach(encoded, encoded.size());
            return new SimulatedCompletion(full, tokens, promptTokens, tokens.size(), SimulatedCompletion.STOP);
        }
        // Keep the first maxTokens tokens. Re-encoding a cut text can in rare cases give other
        // tokens than the prefix it came from, so the cut text is re-tokenized: the reported count
        // and the streamed pieces are always those of the text actually returned, never above the limit.
        for (int keep = maxTokens; keep > 0; keep--) {
            String cut = String.join("", decodeEach(encoded, keep));
            List<String> tokens = tokenize(cut);
            if (tokens.size() <= maxTokens) {
                return new SimulatedCompletion(cut, tokens, promptTokens, tokens.size(), SimulatedCompletion.LENGTH);
            }
        }
        throw new IllegalStateException("could not cut the answer to " + maxTokens + " tokens");
    }

    /** The whole (uncut) text {@code model} answers to {@code messages}. */
    String generateText(String model, List<PromptMessage> messages) {
        SplittableRandom random = new SplittableRandom(seed(model, messages));
        int words = MIN_WORDS + random.nextInt(MAX_WORDS - MIN_WORDS + 1);
        StringBuilder text = new StringBuilder(16 + words * 8).append('[').append(marker(model)).append(']');
        int leftInSentence = 0;
        for (int i = 0; i < words; i++) {
            String word = VOCABULARY[random.nextInt(VOCABULARY.length)];
            if (leftInSentence == 0) {
                leftInSentence = Math.min(words - i,
                        SENTENCE_MIN_WORDS + random.nextInt(SENTENCE_MAX_WORDS - SENTENCE_MIN_WORDS + 1));
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            text.append(' ').append(word);
            leftInSentence--;
            if (leftInSentence == 0) {
                text.append('.');
            }
        }
        appendPlaceholders(text, messages);
        return text.toString();
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\[[A-Z][A-Z_]*_\\d{1,4}]");

    /**
     * A real model refers back to what it was given; so does the simulator for the gateway's
     * redaction placeholders ({@code [EMAIL_1]}), so that restoring them in answers can be tested.
     */
    private static void appendPlaceholders(StringBuilder text, List<PromptMessage> messages) {
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (PromptMessage m : messages) {
            if (m.content() != null && m.content().indexOf('[') >= 0) {
                var matcher = PLACEHOLDER.matcher(m.content());
                while (matcher.find()) {
                    seen.add(matcher.group());
                }
            }
        }
        if (!seen.isEmpty()) {
            text.append(" Regarding ").append(String.join(" and ", seen)).append('.');
        }
    }

    /** The model id as put in the marker: ASCII only, so that every token decodes on its own. */
    private static String marker(String model) {
        String id = model == null ? "" : model;
        return id.replaceAll("[^A-Za-z0-9._:/-]", "_");
    }

    private static long seed(String model, List<PromptMessage> messages) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        update(sha, model == null ? "" : model);
        for (PromptMessage message : messages) {
            update(sha, message.role());
            update(sha, message.content());
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    /** Feeds a length-prefixed string, so that ("ab","c") and ("a","bc") differ. */
    private static void update(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private List<String> decodeEach(IntArrayList encoded, int limit) {
        int n = Math.min(limit, encoded.size());
        List<String> pieces = new ArrayList<>(n);
        IntArrayList one = new IntArrayList(1);
        for (int i = 0; i < n; i++) {
            one.clear();
            one.add(encoded.get(i));
            pieces.add(encoding.decode(one));
        }
        return pieces;
    }

    /** cl100k_base, loaded once per JVM on first use. */
    private static final class Cl100k {
        static final Encoding ENCODING =
                Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }
}
