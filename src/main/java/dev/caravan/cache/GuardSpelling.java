package dev.caravan.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the vocabulary word a misspelt word stands for: "recieve" → "receive", "wihtout" →
 * "without", "uninstal" → "uninstall", "Recomend" → "recommend". A candidate has the same first
 * letter and is one letter inserted, one dropped or two neighbours swapped away, so that real
 * words stay themselves ("folder" is not "older"). Candidates are found through {@link WordCode}s
 * with one letter dropped, then checked letter by letter. Only words of six letters or more on
 * both sides (short words have too many real neighbours), and only when every candidate means
 * the same.
 */
final class GuardSpelling {

    private static final int MIN_LENGTH = 6;
    private static final Map<Long, List<String>> CANDIDATES = new HashMap<>();

    static {
        for (Set<String> words : List.of(GuardLexicon.TERMS.keySet(), GuardLexicon.NEGATIONS, GuardLexicon.COMMON,
                GuardLexicon.UNITS.keySet())) {
            for (String w : words) {
                if (w.length() >= MIN_LENGTH && isLetters(w)) {
                    index(WordCode.of(w), w);
                    for (long shorter : shorter(w)) {
                        index(shorter, w);
                    }
                }
            }
        }
    }

    private GuardSpelling() {
    }

    private static void index(long code, String word) {
        List<String> list = CANDIDATES.computeIfAbsent(code, c -> new ArrayList<>(1));
        if (!list.contains(word)) {
            list.add(word);
        }
    }

    /** The vocabulary word {@code lower} is a misspelling of, or null. */
    static String correct(String lower) {
        if (lower.length() < MIN_LENGTH || !isLetters(lower)) {
            return null;
        }
        String found = null;
        String meaning = null;
        long[] keys = shorter(lower);
        for (int k = -1; k < keys.length; k++) {
            List<String> list = CANDIDATES.get(k < 0 ? WordCode.of(lower) : keys[k]);
            if (list == null) {
                continue;
            }
            for (String candidate : list) {
                if (candidate.charAt(0) == lower.charAt(0) && oneEditApart(lower, candidate)) {
                    String m = meaningOf(candidate);
                    if (meaning != null && !meaning.equals(m)) {
                        return null;
                    }
                    meaning = m;
                    found = candidate;
                }
            }
        }
        return found;
    }

    private static String meaningOf(String w) {
        if (GuardLexicon.NEGATIONS.contains(w)) {
            return "neg";
        }
        if (GuardLexicon.TERMS.containsKey(w)) {
            return "t:" + GuardLexicon.TERMS.get(w);
        }
        if (GuardLexicon.UNITS.containsKey(w)) {
            return "u:" + GuardLexicon.UNITS.get(w);
        }
        return "common";
    }

    /**
     * One letter inserted, one dropped, or two neighbours swapped. Not one letter replaced, and at
     * the end only a doubled letter ("uninstal"): those turn too many real words into others
     * ("whale" / "while", "remote" / "remove", "germany" / "german").
     */
    static boolean oneEditApart(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1 || a.equals(b)) {
            return false;
        }
        int i = 0;
        while (i < Math.min(la, lb) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (la == lb) {
            return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.regionMatches(i + 2, b, i + 2, la - i - 2);
        }
        String longer = la > lb ? a : b;
        String shorter = la > lb ? b : a;
        if (i == shorter.length()) {
            return longer.charAt(i) == longer.charAt(i - 1);
        }
        return longer.regionMatches(i + 1, shorter, i, shorter.length() - i);
    }

    /** The codes of {@code w} with one letter fewer: each letter dropped once. */
    private static long[] shorter(String w) {
        long code = WordCode.of(w);
        long length = code >>> 26;
        long mask = code & ((1L << 26) - 1);
        long[] out = new long[Long.bitCount(mask)];
        int n = 0;
        for (int bit = 0; bit < 26; bit++) {
            if ((mask & 1L << bit) != 0) {
                char c = (char) ('a' + bit);
                boolean repeated = w.indexOf(c) != w.lastIndexOf(c);
                out[n++] = (length - 1) << 26 | (repeated ? mask : mask & ~(1L << bit));
            }
        }
        return out;
    }

    private static boolean isLetters(String w) {
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }
}
