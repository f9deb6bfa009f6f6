package dev.caravan.classify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces each finding by a typed placeholder ({@code [EMAIL_1]}, {@code [API_KEY_2]}); the
 * same value gets the same placeholder everywhere in the request, so the model can still refer
 * to it consistently.
 */
public final class Redactor {

    /** The texts as sent to the model and the map to restore the answer. */
    public record Redacted(List<String> texts, Redaction redaction) {
    }

    public Redacted redact(List<String> texts, Classification classification) {
        Map<String, String> placeholderByValue = new HashMap<>();
        Map<String, String> originals = new HashMap<>();
        Map<FindingType, Integer> counters = new EnumMap<>(FindingType.class);
        List<String> out = new ArrayList<>(texts);
        for (int m = 0; m < texts.size(); m++) {
            String text = texts.get(m);
            List<Finding> spans = new ArrayList<>();
            for (Finding f : classification.findings()) {
                if (f.message() == m) {
                    spans.add(f);
                }
            }
            if (spans.isEmpty() || text == null) {
                continue;
            }
            // findings are sorted by start and do not overlap (Classifier resolves overlaps)
            StringBuilder redacted = new StringBuilder(text.length());
            int cursor = 0;
            for (Finding f : spans) {
                if (f.start() < cursor || f.end() > text.length()) {
                    continue;
                }
                String value = text.substring(f.start(), f.end());
                String placeholder = placeholderByValue.computeIfAbsent(f.type() + "\u0000" + value, key -> {
                    int n = counters.merge(f.type(), 1, Integer::sum);
                    String p = "[" + f.type().name() + "_" + n + "]";
                    originals.put(p, value);
                    return p;
                });
                redacted.append(text, cursor, f.start()).append(placeholder);
                cursor = f.end();
            }
            redacted.append(text, cursor, text.length());
            out.set(m, redacted.toString());
        }
        return new Redacted(out, new Redaction(originals));
    }
}
