package dev.caravan.classify;

import java.util.Map;

/**
 * The placeholders a request was sent with and the values they stand for. Lives only for the
 * request: never logged, metered or cached.
 */
public final class Redaction {

    private final Map<String, String> originals;
    private final int longestPlaceholder;

    Redaction(Map<String, String> originals) {
        this.originals = Map.copyOf(originals);
        this.longestPlaceholder = originals.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    public int size() {
        return originals.size();
    }

    /** Puts the original values back in place of every placeholder in {@code text}. */
    public String restore(String text) {
        if (text == null || originals.isEmpty() || text.indexOf('[') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '[') {
                int close = text.indexOf(']', i);
                if (close > i && close - i + 1 <= longestPlaceholder) {
                    String original = originals.get(text.substring(i, close + 1));
                    if (original != null) {
                        out.append(original);
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** A restorer for an answer that arrives in pieces, where a placeholder may be split across pieces. */
    public StreamRestorer streamRestorer() {
        return new StreamRestorer();
    }

    /** Emits restored text as soon as it is certain no placeholder is still being received. */
    public final class StreamRestorer {

        private final StringBuilder pending = new StringBuilder();

        /** Takes the next piece; returns the text that can be emitted now (possibly empty). */
        public String push(String piece) {
            pending.append(piece);
            int hold = partialPlaceholderStart();
            String ready;
            if (hold < 0) {
                ready = pending.toString();
                pending.setLength(0);
            } else {
                ready = pending.substring(0, hold);
                pending.delete(0, hold);
            }
            return restore(ready);
        }

        /** Whatever is still held at the end of the stream. */
        public String finish() {
            String rest = restore(pending.toString());
            pending.setLength(0);
            return rest;
        }

        /** Index of a trailing '[' that might begin a placeholder not yet complete, or -1. */
        private int partialPlaceholderStart() {
            int open = pending.lastIndexOf("[");
            if (open < 0 || pending.indexOf("]", open) >= 0 || pending.length() - open >= longestPlaceholder) {
                return -1;
            }
            String prefix = pending.substring(open);
            for (String placeholder : originals.keySet()) {
                if (placeholder.startsWith(prefix)) {
                    return open;
                }
            }
            return -1;
        }
    }
}
