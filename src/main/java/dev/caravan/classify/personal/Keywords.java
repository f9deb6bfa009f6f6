package dev.caravan.classify.personal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fixed set of context words found by one pass over a region, without regular expressions.
 * A keyword matches at a word start (after a non-letter, or at a camelCase hump) and, unless
 * it is a prefix keyword, ends before a non-letter. Spec syntax per keyword:
 * <ul>
 *   <li>a space matches zero to three separators ({@code ' ', '_', '-', '.', tab}), so
 *       {@code "date of birth"} also matches {@code date_of_birth} and {@code dateOfBirth};</li>
 *   <li>a trailing {@code *} makes it a prefix ({@code "phone*"} matches {@code phones});</li>
 *   <li>a leading {@code =} makes it case-sensitive ({@code "=SIN"} does not match {@code sin}).</li>
 * </ul>
 * Each keyword may carry a tag (its index in the spec list), so callers can tell which one hit.
 */
final class Keywords {

    /** A match: where, and which keyword (its index in the spec list). */
    record Hit(int start, int end, int tag) {
    }

    /** A keyword; {@code second} is its second char for a quick reject (0 when it is a flexible separator). */
    private record Word(char[] text, boolean exact, boolean prefix, int tag, char second) {
    }

    private final Word[][] byFirst = new Word[128][];
    private final Word[] nonAscii;

    Keywords(String... specs) {
        List<List<Word>> buckets = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            buckets.add(new ArrayList<>());
        }
        List<Word> other = new ArrayList<>();
        for (int tag = 0; tag < specs.length; tag++) {
            String spec = specs[tag];
            boolean exact = spec.startsWith("=");
            if (exact) {
                spec = spec.substring(1);
            }
            boolean prefix = spec.endsWith("*");
            if (prefix) {
                spec = spec.substring(0, spec.length() - 1);
            }
            String text = exact ? spec : spec.toLowerCase(Locale.ROOT);
            char second = text.length() > 1 && text.charAt(1) != ' ' ? text.charAt(1) : 0;
            Word w = new Word(text.toCharArray(), exact, prefix, tag, second);
            char first = text.charAt(0);
            if (first < 128) {
                if (exact) {
                    buckets.get(first).add(w);
                } else {
                    buckets.get(first).add(w);
                    char upper = Character.toUpperCase(first);
                    if (upper != first && upper < 128) {
                        buckets.get(upper).add(w);
                    }
                }
            } else {
                other.add(w);
            }
        }
        for (int i = 0; i < 128; i++) {
            // longest first, so "phone number" wins over "phone"
            List<Word> b = buckets.get(i);
            b.sort((x, y) -> y.text.length - x.text.length);
            byFirst[i] = b.isEmpty() ? null : b.toArray(new Word[0]);
        }
        nonAscii = other.toArray(new Word[0]);
    }

    /** The first keyword lying within [from, to), or null. */
    Hit find(String s, int from, int to) {
        from = Math.max(0, from);
        to = Math.min(s.length(), to);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            Word[] bucket;
            if (c < 128) {
                bucket = byFirst[c];
                if (bucket == null) {
                    continue;
                }
            } else if (nonAscii.length > 0 && Character.isLetter(c)) {
                bucket = nonAscii;
            } else {
                continue;
            }
            if (!wordStart(s, i)) {
                continue;
            }
            char next = i + 1 < to ? s.charAt(i + 1) : 0;
            char nextLower = Character.toLowerCase(next);
            for (Word w : bucket) {
                if (w.second != 0 && w.second != nextLower && w.second != next) {
                    continue;
                }
                int end = matchAt(s, i, to, w);
                if (end >= 0) {
                    return new Hit(i, end, w.tag);
                }
            }
        }
        return null;
    }

    boolean any(String s, int from, int to) {
        return find(s, from, to) != null;
    }

    /** Every keyword occurrence in the whole text, visiting only the word starts of its index. */
    List<Hit> findAll(String s, TextIndex index) {
        List<Hit> hits = null;
        int n = s.length();
        int skipUntil = 0;
        for (int w = 0; w < index.words; w++) {
            int i = index.wordStart[w];
            if (i < skipUntil) {
                continue;
            }
            char c = s.charAt(i);
            Word[] bucket = c < 128 ? byFirst[c] : nonAscii;
            if (bucket == null || bucket.length == 0) {
                continue;
            }
            char next = i + 1 < n ? s.charAt(i + 1) : 0;
            char nextLower = Character.toLowerCase(next);
            for (Word word : bucket) {
                if (word.second != 0 && word.second != nextLower && word.second != next) {
                    continue;
                }
                int end = matchAt(s, i, n, word);
                if (end >= 0) {
                    if (hits == null) {
                        hits = new ArrayList<>();
                    }
                    hits.add(new Hit(i, end, word.tag));
                    skipUntil = end;
                    break;
                }
            }
        }
        return hits == null ? List.of() : hits;
    }

    private static boolean wordStart(String s, int i) {
        if (i == 0) {
            return true;
        }
        char p = s.charAt(i - 1);
        if (!Character.isLetter(p)) {
            return true;
        }
        return Character.isLowerCase(p) && Character.isUpperCase(s.charAt(i));
    }

    private static int matchAt(String s, int i, int to, Word w) {
        int j = i;
        char[] k = w.text;
        for (int x = 0; x < k.length; x++) {
            char kc = k[x];
            if (kc == ' ') {
                int n = 0;
                while (j < to && n < 3 && isSeparator(s.charAt(j))) {
                    j++;
                    n++;
                }
                continue;
            }
            if (j >= to) {
                return -1;
            }
            char c = s.charAt(j);
            if (w.exact ? c != kc : (c != kc && Character.toLowerCase(c) != kc)) {
                return -1;
            }
            j++;
        }
        if (!w.prefix && Character.isLetter(k[k.length - 1]) && j < s.length()) {
            char next = s.charAt(j);
            if (Character.isLetter(next) && !(Character.isLowerCase(s.charAt(j - 1)) && Character.isUpperCase(next))) {
                return -1;
            }
        }
        return j;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t';
    }
}
