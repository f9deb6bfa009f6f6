package dev.caravan.classify.personal;

import java.util.Arrays;

/**
 * A maximal run of digit groups joined by single separators ({@code 4111 1111 1111 1111},
 * {@code 123-45-6789}, {@code 123.456.789-09}). Detectors try windows of consecutive groups:
 * a run may be split only at spaces, so a dashed or dotted token stays whole.
 */
final class NumRun {

    private static final int MAX_GROUPS = 24;

    final String text;
    final int n;
    private final int[] gs;
    private final int[] ge;
    private final char[] sep;

    private NumRun(String text, int[] gs, int[] ge, char[] sep, int n) {
        this.text = text;
        this.gs = gs;
        this.ge = ge;
        this.sep = sep;
        this.n = n;
    }

    interface Visitor {
        void visit(NumRun run);
    }

    /**
     * Visits every run in {@code s} whose groups are joined by one of {@code seps} and that has at
     * least {@code minDigits} digits in total.
     */
    static void scan(String s, String seps, int minDigits, Visitor visitor) {
        scan(s, TextIndex.of(s), seps, minDigits, visitor);
    }

    /** As {@link #scan(String, String, int, Visitor)}, walking the digit sequences of the text's index. */
    static void scan(String s, TextIndex index, String seps, int minDigits, Visitor visitor) {
        int len = s.length();
        int[] gs = new int[MAX_GROUPS];
        int[] ge = new int[MAX_GROUPS];
        char[] sep = new char[MAX_GROUPS];
        int k = 0;
        while (k < index.digits) {
            int n = 0;
            int digits = 0;
            gs[0] = index.digitStart[k];
            ge[0] = index.digitEnd[k];
            digits += ge[0] - gs[0];
            n = 1;
            k++;
            while (k < index.digits && n < MAX_GROUPS) {
                int prevEnd = ge[n - 1];
                int nextStart = index.digitStart[k];
                if (nextStart != prevEnd + 1 || prevEnd >= len || seps.indexOf(s.charAt(prevEnd)) < 0) {
                    break;
                }
                sep[n] = s.charAt(prevEnd);
                gs[n] = nextStart;
                ge[n] = index.digitEnd[k];
                digits += ge[n] - gs[n];
                n++;
                k++;
            }
            if (digits >= minDigits) {
                visitor.visit(new NumRun(s, Arrays.copyOf(gs, n), Arrays.copyOf(ge, n), Arrays.copyOf(sep, n), n));
            }
        }
    }

    /** The character-by-character scan (reference implementation, used by tests to cross-check the index). */
    static void scanChars(String s, String seps, int minDigits, Visitor visitor) {
        int len = s.length();
        int i = 0;
        int[] gs = new int[MAX_GROUPS];
        int[] ge = new int[MAX_GROUPS];
        char[] sep = new char[MAX_GROUPS];
        while (i < len) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                i++;
                continue;
            }
            int n = 0;
            int digits = 0;
            int j = i;
            while (true) {
                int g = j;
                while (j < len && Chars.isDigit(s.charAt(j))) {
                    j++;
                }
                gs[n] = g;
                ge[n] = j;
                n++;
                digits += j - g;
                if (n == MAX_GROUPS || j + 1 >= len) {
                    break;
                }
                char x = s.charAt(j);
                if (seps.indexOf(x) < 0 || !Chars.isDigit(s.charAt(j + 1))) {
                    break;
                }
                sep[n] = x;
                j++;
            }
            if (digits >= minDigits) {
                visitor.visit(new NumRun(s, gs.clone(), ge.clone(), sep.clone(), n));
            }
            i = j;
        }
    }

    int start() {
        return gs[0];
    }

    int end() {
        return ge[n - 1];
    }

    int groupStart(int g) {
        return gs[g];
    }

    int groupEnd(int g) {
        return ge[g];
    }

    int groupLength(int g) {
        return ge[g] - gs[g];
    }

    /** The separator before group {@code g} (g ≥ 1). */
    char separatorBefore(int g) {
        return sep[g];
    }

    int digitCount(int a, int b) {
        int d = 0;
        for (int g = a; g <= b; g++) {
            d += ge[g] - gs[g];
        }
        return d;
    }

    String digits(int a, int b) {
        StringBuilder sb = new StringBuilder(24);
        for (int g = a; g <= b; g++) {
            sb.append(text, gs[g], ge[g]);
        }
        return sb.toString();
    }

    /** Whether groups a..b may be taken out of the run: the run is split there only at spaces. */
    boolean splittable(int a, int b) {
        return (a == 0 || sep[a] == ' ') && (b == n - 1 || sep[b + 1] == ' ');
    }

    /** The single separator used between groups a..b, 0 for one group, or '?' when mixed. */
    char separator(int a, int b) {
        if (a == b) {
            return 0;
        }
        char c = sep[a + 1];
        for (int g = a + 2; g <= b; g++) {
            if (sep[g] != c) {
                return '?';
            }
        }
        return c;
    }

    /** Whether groups a..b have exactly these lengths. */
    boolean shape(int a, int b, int... lengths) {
        if (b - a + 1 != lengths.length) {
            return false;
        }
        for (int g = a; g <= b; g++) {
            if (ge[g] - gs[g] != lengths[g - a]) {
                return false;
            }
        }
        return true;
    }

    /** Span of groups a..b in the text, clean on both sides (not glued to surrounding tokens). */
    boolean cleanWindow(int a, int b) {
        return Chars.cleanBefore(text, gs[a]) && Chars.cleanAfter(text, ge[b]);
    }
}
