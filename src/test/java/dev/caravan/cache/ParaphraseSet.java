package dev.caravan.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The held-out evaluation set of the semantic cache, {@code classpath:cache/paraphrases.jsonl}: pairs of
 * prompts where {@code a} was cached and {@code b} is the new prompt. A {@link Label#PARAPHRASE} pair asks
 * for the same answer (serving a's answer for b is correct); a {@link Label#DIFFERENT} pair is a near miss
 * (nearly the same words, but serving a's answer for b is wrong). Written by hand, independently of any
 * cache guard, so that it can be used to measure one.
 *
 * <p>One JSON object a line: {@code {"id":"p001","a":"...","b":"...","label":"paraphrase"|"different","category":"..."}}.
 */
public final class ParaphraseSet {

    public static final String RESOURCE = "cache/paraphrases.jsonl";

    /** A second, fresh held-out set in the same format, written after the guard's authors had seen the first. */
    public static final String RESOURCE_V2 = "cache/paraphrases-v2.jsonl";
    /** Written blind in session 3 (the writer saw neither the guard nor the other sets), measured once. */
    public static final String RESOURCE_V3 = "cache/paraphrases-v3.jsonl";
    /** Written blind in session 4 (500 pairs; the writer saw neither the guard nor the other sets), measured once with guard v3. */
    public static final String RESOURCE_V4 = "cache/paraphrases-v4.jsonl";
    /** Written blind in session 4 after v4 had been used for tuning (500 pairs), measured once with the final guard v3. */
    public static final String RESOURCE_V5 = "cache/paraphrases-v5.jsonl";
    /** Written blind in session 4 after the strict guard (500 pairs), measured once with both guards. */
    public static final String RESOURCE_V6 = "cache/paraphrases-v6.jsonl";
    /** Written blind in session 4 after the particle rule (500 pairs), measured once with both guards. */
    public static final String RESOURCE_V7 = "cache/paraphrases-v7.jsonl";

    public enum Label {
        PARAPHRASE, DIFFERENT;

        /** The label as written in the file ({@code paraphrase} or {@code different}). */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Label parse(String wire) {
            for (Label label : values()) {
                if (label.wire().equals(wire)) {
                    return label;
                }
            }
            throw new IllegalArgumentException("unknown label '" + wire + "' (expected paraphrase or different)");
        }
    }

    /**
     * One pair. {@code a} is the cached prompt, {@code b} the new one; {@code category} names the kind of
     * rewording (paraphrases: synonym, reorder, politeness, typo, ...) or of change (near misses: number, unit,
     * negation, entity, ...).
     */
    public record Pair(String id, String a, String b, Label label, String category) {

        /** True when serving a's cached answer for b is correct. */
        public boolean sameAnswer() {
            return label == Label.PARAPHRASE;
        }
    }

    private ParaphraseSet() {
    }

    /** Every pair of {@link #RESOURCE}, in file order. Fails on a line that is not a complete pair. */
    public static List<Pair> load() {
        return load(RESOURCE);
    }

    /** Every pair of the given classpath resource (same format), in file order. */
    public static List<Pair> load(String resource) {
        try (InputStream in = ParaphraseSet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the test classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Pair> parse(String jsonl) {
        return parse(jsonl, RESOURCE);
    }

    static List<Pair> parse(String jsonl, String resource) {
        ObjectMapper json = new ObjectMapper();
        List<Pair> pairs = new ArrayList<>();
        String[] lines = jsonl.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = json.readTree(line);
                pairs.add(new Pair(text(node, "id"), text(node, "a"), text(node, "b"), Label.parse(text(node, "label")),
                        text(node, "category")));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException(resource + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableList(pairs);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("missing or blank text field '" + field + "'");
        }
        return value.asText();
    }
}
