package dev.caravan.classify.personal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads delimited extracts (CSV, TSV, pipe or markdown tables) well enough to tell which header
 * a cell sits under, so that a bare number in an {@code ssn} or {@code phone} column gets its
 * context from the header. One instance per {@code detect} call: it memoizes header lookups, so
 * a large extract is walked once, not once per cell.
 */
final class Tables {

    private static final int MAX_LINES_UP = 5000;
    private static final int MAX_ROW = 400;

    private final String s;
    /** line start → header line start (or -1 when the line is in no table). */
    private final Map<Integer, Integer> headerOf = new HashMap<>();

    Tables(String s) {
        this.s = s;
    }

    /** The delimiter of the line starting at {@code ls}: the most frequent of tab, '|', ';', ',' (0 if none). */
    char delimiter(int ls) {
        int le = Chars.lineEnd(s, ls);
        int tabs = 0;
        int pipes = 0;
        int semis = 0;
        int commas = 0;
        for (int i = ls; i < le; i++) {
            switch (s.charAt(i)) {
                case '\t' -> tabs++;
                case '|' -> pipes++;
                case ';' -> semis++;
                case ',' -> commas++;
                default -> {
                }
            }
        }
        int best = Math.max(Math.max(tabs, pipes), Math.max(semis, commas));
        if (best == 0) {
            return 0;
        }
        return tabs == best ? '\t' : pipes == best ? '|' : semis == best ? ';' : ',';
    }

    /** Delimiters outside double quotes on the line starting at {@code ls}, up to {@code pos}. */
    int count(int ls, int pos, char d) {
        int n = 0;
        boolean quoted = false;
        int le = Math.min(pos, Chars.lineEnd(s, ls));
        for (int i = ls; i < le; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == d && !quoted) {
                n++;
            }
        }
        return n;
    }

    /** The header cell above the cell containing {@code pos}, or null when not in a table body. */
    String headerCell(int pos) {
        int ls = Chars.lineStart(s, pos);
        if (ls == 0 || Chars.lineEnd(s, pos) - ls > MAX_ROW) {
            return null; // the first line heads nothing; a long line is prose, not a row
        }
        char d = delimiter(ls);
        if (d == 0) {
            return null;
        }
        int header = headerLine(ls, d);
        if (header < 0 || header == ls) {
            return null;
        }
        int column = count(ls, pos, d);
        int[] span = cell(header, column, d);
        return span == null ? null : s.substring(span[0], span[1]);
    }

    /** Start of the first line of the block of lines with the same delimiter count as line {@code ls}. */
    int headerLine(int ls, char d) {
        Integer known = headerOf.get(ls);
        if (known != null) {
            return known;
        }
        int total = count(ls, Integer.MAX_VALUE, d);
        if (total == 0) {
            headerOf.put(ls, -1);
            return -1;
        }
        List<Integer> visited = new ArrayList<>();
        visited.add(ls);
        int current = ls;
        int result = ls;
        for (int n = 0; n < MAX_LINES_UP && current > 0; n++) {
            int prev = Chars.lineStart(s, current - 1);
            Integer memo = headerOf.get(prev);
            if (memo != null && memo >= 0) {
                result = memo;
                break;
            }
            if (prev == current - 1 || count(prev, Integer.MAX_VALUE, d) != total) {
                break; // blank line or a different shape: current is the header
            }
            visited.add(prev);
            current = prev;
            result = prev;
        }
        for (Integer line : visited) {
            headerOf.put(line, result);
        }
        return result;
    }

    /** [start, end) of cell {@code column} on the line starting at {@code ls}, trimmed of blanks and quotes. */
    int[] cell(int ls, int column, char d) {
        int le = Chars.lineEnd(s, ls);
        int n = 0;
        int start = ls;
        boolean quoted = false;
        for (int i = ls; i <= le; i++) {
            char c = i < le ? s.charAt(i) : d;
            if (c == '"') {
                quoted = !quoted;
            } else if ((c == d && !quoted) || i == le) {
                if (n == column) {
                    int a = start;
                    int b = i;
                    while (a < b && (Character.isWhitespace(s.charAt(a)) || s.charAt(a) == '"')) {
                        a++;
                    }
                    while (b > a && (Character.isWhitespace(s.charAt(b - 1)) || s.charAt(b - 1) == '"')) {
                        b--;
                    }
                    return new int[] {a, b};
                }
                n++;
                start = i + 1;
            }
        }
        return null;
    }

    /** Calls {@code visitor} with each body cell under header cell {@code column} of the header at {@code header}. */
    void forEachCellBelow(int header, int column, char d, CellVisitor visitor) {
        int total = count(header, Integer.MAX_VALUE, d);
        int ls = Chars.lineEnd(s, header) + 1;
        while (ls < s.length()) {
            int le = Chars.lineEnd(s, ls);
            if (le == ls || count(ls, Integer.MAX_VALUE, d) != total) {
                break;
            }
            int[] span = cell(ls, column, d);
            if (span != null && span[1] > span[0]) {
                visitor.visit(ls, span[0], span[1]);
            }
            ls = le + 1;
        }
    }

    /** Whether the line at {@code ls} heads a table: it has delimiters and the next line has as many. */
    boolean isHeader(int ls, char d) {
        int total = count(ls, Integer.MAX_VALUE, d);
        int next = Chars.lineEnd(s, ls) + 1;
        return total > 0 && next < s.length() && count(next, Integer.MAX_VALUE, d) == total
                && headerLine(ls, d) == ls;
    }

    interface CellVisitor {
        void visit(int lineStart, int start, int end);
    }
}
