package dev.caravan.cache;

/**
 * A word as {@link SemanticGuard} keeps it: not the word but its shape, so that a typo still
 * matches. A lower-case word of ASCII letters becomes its length (5 bits, capped at 31) and the set
 * of letters it uses (26 bits): "theory" and "theroy", "capital" and "captial", "receive" and
 * "recieve" have the same code. {@link #same} also forgives one letter added, dropped or replaced
 * by a new one ("programing", "uninstal") in words of four letters or more. Anything else (digits,
 * dots, underscores, other scripts: identifiers and URLs) is a 35-bit hash that only matches
 * itself, so {@code gpt-4} is not {@code gpt-5}. Codes are written as 6 base64url characters.
 */
final class WordCode {

    private static final long HASHED = 1L << 35;
    private static final int LENGTH_SHIFT = 26;
    private static final long MASK = (1L << 26) - 1;
    private static final int FUZZY_MIN_LENGTH = 4;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private WordCode() {
    }

    static long of(String lower) {
        long mask = 0;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c < 'a' || c > 'z') {
                return HASHED | GuardHash.of(lower) & (HASHED - 1);
            }
            mask |= 1L << (c - 'a');
        }
        return (long) Math.min(31, lower.length()) << LENGTH_SHIFT | mask;
    }

    static boolean same(long a, long b) {
        if (a == b) {
            return true;
        }
        if ((a & HASHED) != 0 || (b & HASHED) != 0) {
            return false;
        }
        long lengthA = a >>> LENGTH_SHIFT;
        long lengthB = b >>> LENGTH_SHIFT;
        return Math.min(lengthA, lengthB) >= FUZZY_MIN_LENGTH && Math.abs(lengthA - lengthB) <= 1
                && Long.bitCount((a ^ b) & MASK) <= 1;
    }

    static boolean anySame(long word, long[] words) {
        for (long w : words) {
            if (same(word, w)) {
                return true;
            }
        }
        return false;
    }

    static String encode(long code) {
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (code & 63));
            code >>>= 6;
        }
        return new String(out);
    }

    /** The codes of a list written by concatenating {@link #encode}s, in its order; none for a hashed ({@code #}) list. */
    static long[] decodeAll(String list) {
        if (list.startsWith("#")) {
            return new long[0];
        }
        long[] codes = new long[list.length() / 6];
        for (int i = 0; i < codes.length; i++) {
            long code = 0;
            for (int k = 0; k < 6; k++) {
                code = code << 6 | ALPHABET.indexOf(list.charAt(i * 6 + k));
            }
            codes[i] = code;
        }
        return codes;
    }

    static boolean validList(String list) {
        if (list.startsWith("#")) {
            return list.length() == 9;
        }
        if (list.length() % 6 != 0) {
            return false;
        }
        for (int i = 0; i < list.length(); i++) {
            if (ALPHABET.indexOf(list.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
