package dev.caravan.routing;

import dev.caravan.gateway.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides how demanding a chat prompt is, for the {@code auto} virtual model: {@code simple}
 * (short and conversational: cheap models do), {@code moderate}, or {@code complex} (code, math,
 * multi-step reasoning, long context: capable tiers). Deterministic and explainable: the
 * assessment lists the signals that fired, by fixed names, never quoting the prompt.
 *
 * <p>Each signal adds points; two or more points make a prompt complex, one moderate; none
 * makes it simple when it is short ({@link #SIMPLE_MAX_TOKENS}) and moderate otherwise.
 * Only what the caller wrote (user messages) is scanned for signals, so that a system prompt
 * such as "you are a coding assistant" does not make every request complex; all messages count
 * towards the length.
 */
public final class PromptComplexity {

    /** How demanding a prompt is. */
    public enum Level {
        SIMPLE, MODERATE, COMPLEX;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The verdict, the signals behind it (stable names such as {@code code-block}, {@code math},
     * {@code long-context}) and the prompt's token count.
     */
    public record Assessment(Level level, List<String> signals, long promptTokens) {
        public Assessment {
            signals = List.copyOf(signals);
        }
    }

    /** At or below this many prompt tokens, a prompt without signals is simple. */
    public static final long SIMPLE_MAX_TOKENS = 300;
    /** From this many prompt tokens the context alone is a signal (one point)... */
    public static final long LONG_CONTEXT_TOKENS = 4_000;
    /** ...and from this many, two points: a capable model is needed to use it well. */
    public static final long VERY_LONG_CONTEXT_TOKENS = 16_000;

    // Signal names, in the order they are reported.
    public static final String CODE_BLOCK = "code-block";
    public static final String CODE = "code";
    public static final String LATEX = "latex";
    public static final String MATH = "math";
    public static final String EQUATION = "equation";
    public static final String STEP_BY_STEP = "step-by-step";
    public static final String NUMBERED_LIST = "numbered-list";
    public static final String ANALYSIS = "analysis";
    public static final String LONG_CONTEXT = "long-context";
    public static final String VERY_LONG_CONTEXT = "very-long-context";

    /** Programming words; a trailing '*' matches any continuation (implement*, compil*). */
    private static final String[] CODE_TERMS = {"code", "coding", "function", "def", "import", "#include",
            "public static", "compil*", "debug*", "refactor*", "implement*", "algorithm*", "regex", "sql",
            "python", "java", "javascript", "typescript", "kotlin", "golang", "c++", "bash", "script", "json",
            "api", "stack trace", "exception", "null pointer", "segfault", "unit test*", "recursion", "recursive",
            "big-o", "console.log", "println", "npm", "maven", "bug"};
    /** Words that on their own mean mathematics the model must do. */
    private static final String[] MATH_STRONG = {"prove", "proof", "integral*", "integrate", "derivative*",
            "differentiate", "theorem", "lemma", "eigen*", "differential equation*", "induction"};
    private static final String[] MATH_WEAK = {"equation*", "solve", "calculate", "probability", "matrix",
            "matrices", "polynomial*", "logarithm*", "vector*", "statistic*"};
    /** Markers of LaTeX, matched anywhere (no word boundaries). */
    private static final String[] LATEX_MARKERS = {"\\frac", "\\int", "\\sum", "\\sqrt", "\\begin{", "\\lim",
            "\\partial", "\\cdot", "\\alpha", "\\theta", "$$", "\\("};
    private static final String[] CODE_FENCE = {"```"};
    private static final String[] STEP_TERMS = {"step by step", "step-by-step", "think through",
            "walk me through", "reason through", "show your work"};
    private static final String[] ANALYSIS_TERMS = {"compare", "comparison", "analyze*", "analyse*", "analysis",
            "evaluate", "trade-off*", "tradeoff*", "pros and cons", "design", "architect*", "explain why",
            "critique", "optimi*"};

    // Term categories, as indexes into Scan.found.
    private static final int K_CODE = 0;
    private static final int K_MATH_STRONG = 1;
    private static final int K_MATH_WEAK = 2;
    private static final int K_LATEX = 3;
    private static final int K_FENCE = 4;
    private static final int K_STEP = 5;
    private static final int K_ANALYSIS = 6;

    /** Every term of every list in one automaton: the text is read once, case-insensitively, without copying. */
    private static final TermMatcher TERMS = new TermMatcher(new String[][] {
            CODE_TERMS, MATH_STRONG, MATH_WEAK, LATEX_MARKERS, CODE_FENCE, STEP_TERMS, ANALYSIS_TERMS},
            new boolean[] {false, false, false, true, true, false, false});

    /** Assesses a chat's messages; {@code promptTokens} is the caller's count of all of them. */
    public Assessment assess(List<ChatMessage> messages, long promptTokens) {
        Scan scan = new Scan();
        boolean anyUser = false;
        for (ChatMessage m : messages) {
            if (m.role() == ChatMessage.Role.USER) {
                anyUser = true;
                scan.add(m.content());
            }
        }
        if (!anyUser) {
            for (ChatMessage m : messages) {
                scan.add(m.content());
            }
        }
        return scan.verdict(promptTokens);
    }

    /** Assesses one text as if a user had written it. */
    public Assessment assess(String text, long promptTokens) {
        Scan scan = new Scan();
        scan.add(text);
        return scan.verdict(promptTokens);
    }

    /** What one request's texts showed; a term repeated across messages counts once. */
    private static final class Scan {
        /** Per category, bit i set: term i of that list was found. */
        final long[] found = new long[7];
        boolean equation;
        int numberedItems;

        void add(String text) {
            if (text == null || text.isEmpty()) {
                return;
            }
            TERMS.scan(text, found);
            if (!equation) {
                equation = hasEquation(text);
            }
            numberedItems += numberedLines(text);
        }

        Assessment verdict(long tokens) {
            List<String> signals = new ArrayList<>(4);
            int points = 0;
            int code = 0;
            boolean codeBlock = found[K_FENCE] != 0;
            boolean latex = found[K_LATEX] != 0;
            boolean mathStrong = found[K_MATH_STRONG] != 0;
            boolean stepByStep = found[K_STEP] != 0;
            boolean analysis = found[K_ANALYSIS] != 0;
            if (codeBlock) {
                signals.add(CODE_BLOCK);
                code = 2;
            }
            int codeWords = Long.bitCount(found[K_CODE]);
            int mathWords = Long.bitCount(found[K_MATH_WEAK]);
            if (codeWords >= 2) {
                signals.add(CODE);
                code = 2;
            } else if (codeWords == 1 && !codeBlock) {
                signals.add(CODE);
                code = Math.max(code, 1);
            }
            points += code;
            int math = 0;
            if (latex) {
                signals.add(LATEX);
                math += 2;
            }
            if (mathStrong || mathWords > 0) {
                signals.add(MATH);
                math += mathStrong || mathWords >= 2 ? 2 : 1;
            }
            if (equation) {
                signals.add(EQUATION);
                math += 1;
            }
            points += Math.min(2, math);
            int steps = 0;
            if (stepByStep) {
                signals.add(STEP_BY_STEP);
                steps++;
            }
            if (numberedItems >= 3) {
                signals.add(NUMBERED_LIST);
                steps++;
            }
            if (analysis) {
                signals.add(ANALYSIS);
                steps++;
            }
            points += Math.min(2, steps);
            if (tokens >= VERY_LONG_CONTEXT_TOKENS) {
                signals.add(VERY_LONG_CONTEXT);
                points += 2;
            } else if (tokens >= LONG_CONTEXT_TOKENS) {
                signals.add(LONG_CONTEXT);
                points += 1;
            }
            Level level = points >= 2 ? Level.COMPLEX
                    : points == 1 || tokens > SIMPLE_MAX_TOKENS ? Level.MODERATE
                    : Level.SIMPLE;
            return new Assessment(level, signals, tokens);
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipBlanksBack(String text, int i) {
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i--;
        }
        return i;
    }

    private static int skipBlanks(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * An equation written out: {@code x^2}, {@code 3x + 4 = 10}, {@code f(x) = ...}. Hand-written
     * rather than a regex: it only looks around the '^' and '=' characters, so prose costs
     * next to nothing, and comparisons in code ({@code ==}, {@code <=}) are skipped.
     */
    static boolean hasEquation(String text) {
        int n = text.length();
        for (int at = text.indexOf('^'); at >= 0; at = text.indexOf('^', at + 1)) {
            int l = skipBlanksBack(text, at - 1);
            int r = skipBlanks(text, at + 1);
            if (l >= 0 && r < n && (Character.isLetterOrDigit(text.charAt(l)) || text.charAt(l) == ')')
                    && (Character.isLetterOrDigit(text.charAt(r)) || text.charAt(r) == '(')) {
                return true;
            }
        }
        for (int at = text.indexOf('='); at >= 0; at = text.indexOf('=', at + 1)) {
            char before = at > 0 ? text.charAt(at - 1) : ' ';
            char after = at + 1 < n ? text.charAt(at + 1) : ' ';
            if (before == '=' || before == '<' || before == '>' || before == '!' || after == '=') {
                continue;
            }
            int l = skipBlanksBack(text, at - 1);
            // f(x) =
            if (l >= 3 && text.charAt(l) == ')' && isAsciiLetter(text.charAt(l - 1)) && text.charAt(l - 2) == '('
                    && isAsciiLetter(text.charAt(l - 3)) && (l < 4 || !isWordChar(text.charAt(l - 4)))) {
                return true;
            }
            // 3x + 4 = 10 (also x - 2 = -1)
            int r = skipBlanks(text, at + 1);
            if (r < n && text.charAt(r) == '-') {
                r++;
            }
            if (r >= n || !isDigit(text.charAt(r))) {
                continue;
            }
            int d = l;
            while (d >= 0 && isDigit(text.charAt(d))) {
                d--;
            }
            if (d == l) {
                continue;
            }
            d = skipBlanksBack(text, d);
            if (d < 0 || "+-*/".indexOf(text.charAt(d)) < 0) {
                continue;
            }
            d = skipBlanksBack(text, d - 1);
            if (d < 0 || !isAsciiLetter(text.charAt(d))) {
                continue;
            }
            int s = d - 1;
            while (s >= 0 && isDigit(text.charAt(s))) {
                s--;
            }
            if (s < 0 || !isWordChar(text.charAt(s))) {
                return true;
            }
        }
        return false;
    }

    /** Lines that start (after blanks) with a number followed by '.' or ')': "1." "2)" "10.". */
    private static int numberedLines(String text) {
        int items = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            int p = i;
            while (p < n && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                p++;
            }
            int digits = 0;
            while (p < n && digits < 3 && isDigit(text.charAt(p))) {
                p++;
                digits++;
            }
            if (digits > 0 && p < n && (text.charAt(p) == '.' || text.charAt(p) == ')')) {
                items++;
            }
            int nl = text.indexOf('\n', i);
            if (nl < 0) {
                break;
            }
            i = nl + 1;
        }
        return items;
    }

    /**
     * Aho-Corasick over every term list: one pass over the text, ASCII case folded on the fly,
     * each hit checked for word boundaries (unless its list is matched raw, or the term is a
     * prefix such as {@code implement*}). Built once; immutable and thread-safe.
     */
    static final class TermMatcher {

        private static final int ALPHABET = 49;
        private static final byte[] SYMBOL = new byte[128];

        static {
            for (char c = 'a'; c <= 'z'; c++) {
                SYMBOL[c] = (byte) (1 + c - 'a');
                SYMBOL[Character.toUpperCase(c)] = (byte) (1 + c - 'a');
            }
            for (char c = '0'; c <= '9'; c++) {
                SYMBOL[c] = (byte) (27 + c - '0');
            }
            SYMBOL[' '] = 37;
            SYMBOL['\t'] = 37;
            SYMBOL['\n'] = 37;
            SYMBOL['\r'] = 37;
            String punctuation = "-+#.$\\{(`_/";
            for (int i = 0; i < punctuation.length(); i++) {
                SYMBOL[punctuation.charAt(i)] = (byte) (38 + i);
            }
        }

        private final int[] delta;
        /** Per state, the terms ending there (own and via failure links), or null. */
        private final int[][] outputs;
        private final int[] category;
        private final int[] bit;
        private final int[] length;
        private final boolean[] checkStart;
        private final boolean[] checkEnd;

        TermMatcher(String[][] lists, boolean[] raw) {
            int count = 0;
            for (String[] list : lists) {
                if (list.length > 64) {
                    throw new IllegalArgumentException("at most 64 terms per list (they are tracked as bits)");
                }
                count += list.length;
            }
            category = new int[count];
            bit = new int[count];
            length = new int[count];
            checkStart = new boolean[count];
            checkEnd = new boolean[count];
            List<int[]> next = new ArrayList<>();
            List<List<Integer>> out = new ArrayList<>();
            next.add(newRow());
            out.add(new ArrayList<>());
            int id = 0;
            for (int k = 0; k < lists.length; k++) {
                for (int b = 0; b < lists[k].length; b++, id++) {
                    String term = lists[k][b];
                    boolean prefix = term.endsWith("*");
                    String text = prefix ? term.substring(0, term.length() - 1) : term;
                    category[id] = k;
                    bit[id] = b;
                    length[id] = text.length();
                    checkStart[id] = !raw[k] && isWordChar(text.charAt(0));
                    checkEnd[id] = !raw[k] && !prefix && isWordChar(text.charAt(text.length() - 1));
                    int state = 0;
                    for (int i = 0; i < text.length(); i++) {
                        int sym = symbol(text.charAt(i));
                        if (sym == 0) {
                            throw new IllegalArgumentException("term '" + term + "' has a character the matcher does not know");
                        }
                        if (next.get(state)[sym] < 0) {
                            next.get(state)[sym] = next.size();
                            next.add(newRow());
                            out.add(new ArrayList<>());
                        }
                        state = next.get(state)[sym];
                    }
                    out.get(state).add(id);
                }
            }
            int states = next.size();
            int[] fail = new int[states];
            delta = new int[states * ALPHABET];
            outputs = new int[states][];
            java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
            for (int sym = 0; sym < ALPHABET; sym++) {
                int child = next.get(0)[sym];
                if (child > 0) {
                    fail[child] = 0;
                    queue.add(child);
                    delta[sym] = child;
                } // else stays 0 (root)
            }
            while (!queue.isEmpty()) {
                int state = queue.poll();
                out.get(state).addAll(out.get(fail[state]));
                for (int sym = 0; sym < ALPHABET; sym++) {
                    int child = next.get(state)[sym];
                    if (child > 0) {
                        fail[child] = delta[fail[state] * ALPHABET + sym];
                        queue.add(child);
                        delta[state * ALPHABET + sym] = child;
                    } else {
                        delta[state * ALPHABET + sym] = delta[fail[state] * ALPHABET + sym];
                    }
                }
            }
            for (int s = 0; s < states; s++) {
                List<Integer> o = out.get(s);
                if (!o.isEmpty()) {
                    outputs[s] = o.stream().mapToInt(Integer::intValue).distinct().toArray();
                }
            }
        }

        private static int[] newRow() {
            int[] row = new int[ALPHABET];
            java.util.Arrays.fill(row, -1);
            row[0] = 0; // symbol 0 (any other character) never continues a term
            return row;
        }

        private static int symbol(char c) {
            return c < 128 ? SYMBOL[c] : 0;
        }

        /** Sets, per category, the bit of every term found in {@code text}. */
        void scan(String text, long[] found) {
            int n = text.length();
            int state = 0;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                state = delta[state * ALPHABET + (c < 128 ? SYMBOL[c] : 0)];
                int[] hits = outputs[state];
                if (hits != null) {
                    for (int id : hits) {
                        int start = i - length[id] + 1;
                        if (checkStart[id] && start > 0 && isWordChar(text.charAt(start - 1))) {
                            continue;
                        }
                        if (checkEnd[id] && i + 1 < n && isWordChar(text.charAt(i + 1))) {
                            continue;
                        }
                        found[category[id]] |= 1L << bit[id];
                    }
                }
            }
        }
    }
}
