package dev.caravan.classify.personal;

/** Small character helpers shared by the personal-data detectors. */
final class Chars {

    private Chars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    /** The char at {@code i}, or 0 outside the text. */
    static char at(CharSequence s, int i) {
        return i >= 0 && i < s.length() ? s.charAt(i) : 0;
    }

    static int lineStart(String s, int i) {
        return s.lastIndexOf('\n', i - 1) + 1;
    }

    static int lineEnd(String s, int i) {
        int k = s.indexOf('\n', i);
        return k < 0 ? s.length() : k;
    }

    /**
     * Whether the span starting at {@code start} stands on its own on the left: not glued to a
     * preceding word or number ({@code x123}, {@code ID-123}, {@code v1.123}, {@code path/123}).
     */
    static boolean cleanBefore(String s, int start) {
        char p = at(s, start - 1);
        if (p == 0) {
            return true;
        }
        if (isWordChar(p)) {
            return false;
        }
        if (p == '-' || p == '.' || p == '/' || p == '+') {
            return !isWordChar(at(s, start - 2));
        }
        return true;
    }

    /** Whether the span ending at {@code end} is not glued to a following word or number. */
    static boolean cleanAfter(String s, int end) {
        char q = at(s, end);
        if (q == 0) {
            return true;
        }
        if (isWordChar(q)) {
            return false;
        }
        if (q == '-' || q == '.' || q == '/') {
            return !isWordChar(at(s, end + 1));
        }
        return true;
    }

    static boolean hasLetterOrDigit(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
