package dev.caravan.cache;

import static dev.caravan.cache.GuardLexicon.BIGRAMS;
import static dev.caravan.cache.GuardLexicon.CARDINALS;
import static dev.caravan.cache.GuardLexicon.DETERMINERS;
import static dev.caravan.cache.GuardLexicon.INFINITIVE_LEADS;
import static dev.caravan.cache.GuardLexicon.OPPOSITE;
import static dev.caravan.cache.GuardLexicon.ORDERED_OPERATORS;
import static dev.caravan.cache.GuardLexicon.ORDINALS;
import static dev.caravan.cache.GuardLexicon.SCALES;
import static dev.caravan.cache.GuardLexicon.SLOT_PREPOSITIONS;
import static dev.caravan.cache.GuardLexicon.TERMS;
import static dev.caravan.cache.GuardLexicon.UNITS;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass over a prompt: a lexer into words, numbers, identifiers and operator symbols (quoted
 * spans and code fences hashed on the way), then a pass that merges them into {@link Unit}s
 * (numbers with their unit, terms, negations, entities, other words), tags directional roles and
 * collects the words after each preposition. Not thread-safe; one instance per prompt.
 */
final class GuardExtractor {

    enum Kind { NUM, TERM, NEG, ENTITY, WORD, COMMON, SYM }

    /** A lexed token. For numbers {@code text} is the canonical value and {@code unit} what was glued to it. */
    private static final class Tok {
        final Kind kind;
        final String text;
        String unit;
        boolean ordinal;
        boolean cap;
        boolean sentenceStart;
        boolean commaAfter;

        Tok(Kind kind, String text) {
            this.kind = kind;
            this.text = text;
        }
    }

    /** A feature-bearing piece of the prompt, in order. {@code key} identifies it for roles. */
    static final class Unit {
        final Kind kind;
        final String key;
        final String lower;
        char role;
        /** Whether a sentence or clause break (sentence start, comma) comes right before the unit. */
        boolean breakBefore;
        /** The word as written, when the unit is one word (a term's id is not: "synonyms" is {@code synonym}). */
        String surface;
        /** For words and entities: the {@link WordCode} of the root. */
        long code;

        Unit(Kind kind, String key, String lower) {
            this.kind = kind;
            this.key = key;
            this.lower = lower;
        }

        boolean item() {
            return kind == Kind.NUM || kind == Kind.TERM || kind == Kind.ENTITY;
        }
    }

    private static final int MAX_QUOTE = 400;
    private static final Set<String> DO_SUPPORT = Set.of("do", "does", "did", "don't", "doesn't", "didn't");
    private static final Set<String> ONE_NOT_A_NUMBER_AFTER = Set.of("which", "this", "that", "the", "each",
            "every", "any", "no", "another", "such", "only", "someone", "little", "big", "new", "old", "right",
            "wrong", "other", "last", "first", "next", "best", "better", "good", "same");
    private static final Set<String> SECOND_AS_TIME_AFTER = Set.of("a", "per", "one", "each", "every", "split");
    private static final Set<String> LIST_AS_VERB_AFTER = Set.of("please", "pls", "kindly", "you", "to", "and", "then",
            "just", "also", "simply", "briefly", "me");
    private static final Set<String> NOT_A_QUANTITY_AFTER = Set.of("a", "the", "my", "your", "his", "her", "our",
            "their", "this", "that", "its");
    private static final Set<String> MEAN_AS_AVERAGE_AFTER = Set.of("the", "a", "arithmetic", "geometric",
            "weighted", "sample", "population");
    private static final Set<String> ORDINAL_SUFFIXES = Set.of("st", "nd", "rd", "th");
    private static final Set<String> LANGUAGES = Set.copyOf(List.of(("english french german spanish italian "
            + "portuguese dutch russian chinese japanese korean arabic hindi bengali urdu turkish polish swedish "
            + "norwegian danish finnish greek hebrew thai vietnamese indonesian malay czech hungarian romanian "
            + "ukrainian persian swahili latin tagalog catalan bulgarian croatian serbian slovak slovenian icelandic "
            + "irish welsh esperanto cantonese punjabi tamil python java javascript typescript kotlin rust golang "
            + "ruby php scala haskell perl lua matlab julia elixir erlang clojure dart swift sql bash powershell "
            + "c++ c# f#").split(" ")));
    private static final Set<String> UNIT_IDS = Set.copyOf(UNITS.values());

    private final String text;
    private final List<Tok> toks;
    final List<String> quotes = new ArrayList<>();
    /** Per preposition, the words after it in order ({@code in} → sydney, london); only those with two or more. */
    final Map<String, List<String>> slots = new LinkedHashMap<>();
    final List<Unit> units;
    private final BitSet quoteClosers = new BitSet();
    private boolean sentenceStart = true;
    private String pendingCurrency;
    /** A comparator read just before a number ("over", "less than", "at least"), bound to that number. */
    private String pendingComparator;
    /** For each negation cue, the items and content words right after it, in order (see {@link #collectNegated}). */
    final List<List<String>> negated = new ArrayList<>(2);
    /** Whether "do", "does" or "did" occurs (see {@link GuardFingerprint#doSupport}). */
    boolean doSupport;
    /** Whether a passive with an agent occurs: a form of "be", a participle, then "by" (see {@link #findPassive}). */
    boolean passive;

    GuardExtractor(String text) {
        this.text = text == null ? "" : text;
        this.toks = new ArrayList<>(16 + this.text.length() / 5);
        this.units = new ArrayList<>(16 + this.text.length() / 5);
    }

    GuardExtractor run() {
        lex();
        merge();
        tagRoles();
        collectSlots();
        collectNegated();
        findPassive();
        return this;
    }

    private static boolean common(String w) {
        return GuardWords.of(w).common();
    }

    // ---------------------------------------------------------------- lexing

    private void lex() {
        String s = text;
        char[] cs = s.toCharArray();
        int n = cs.length;
        int i = 0;
        while (i < n) {
            char c = cs[i];
            if (c == ' ' || Character.isWhitespace(c)) {
                if (c == '\n') {
                    sentenceStart = true;
                }
                i++;
            } else if (c == '`' && s.startsWith("```", i)) {
                int end = s.indexOf("```", i + 3);
                end = end < 0 ? n : end;
                quotes.add("c" + GuardHash.encode48(GuardHash.of(codeBody(s, i + 3, end))));
                i = Math.min(n, end + 3);
                sentenceStart = true;
            } else if (isQuote(c) && !quoteClosers.get(i)) {
                openQuote(s, i, c);
                i++;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c > 127 && Character.isLetterOrDigit(c) || startsNumber(s, i)) {
                i = lexRun(s, cs, i);
            } else {
                lexSymbol(c);
                i++;
            }
        }
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\u201c' || c == '\u201d' || c == '\u2018' || c == '\u2019' || c == '\''
                || c == '`' || c == '\u00ab' || c == '\u00bb';
    }

    private static char closerOf(char c) {
        return switch (c) {
            case '\u201c' -> '\u201d';
            case '\u2018' -> '\u2019';
            case '\u00ab' -> '\u00bb';
            default -> c;
        };
    }

    /** Records the hash of a quoted span when it closes; the words inside are lexed as usual. */
    private void openQuote(String s, int i, char c) {
        if ((c == '\'' || c == '\u2019') && i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))) {
            return;
        }
        char close = closerOf(c);
        int limit = Math.min(s.length(), i + 1 + MAX_QUOTE);
        for (int j = i + 1; j < limit; j++) {
            char d = s.charAt(j);
            if (d == '\n' && c != '"') {
                return;
            }
            if (d == close || c == '"' && d == '\u201d') {
                boolean apostrophe = (close == '\'' || close == '\u2019') && j + 1 < s.length()
                        && Character.isLetter(s.charAt(j + 1));
                if (apostrophe) {
                    continue;
                }
                String body = quoteBody(s, i + 1, j);
                if (!body.isEmpty()) {
                    quotes.add("q" + GuardHash.encode48(GuardHash.of(body)));
                }
                quoteClosers.set(j);
                if (c != '`') {
                    sentenceStart = sentenceStart || startsUpper(s, i + 1, j);
                }
                return;
            }
        }
    }

    private static boolean startsUpper(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char d = s.charAt(k);
            if (Character.isLetter(d)) {
                return Character.isUpperCase(d);
            }
        }
        return false;
    }

    /** Lower case, every run of non-alphanumerics one space: how a quote is compared. */
    private static String quoteBody(String s, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        boolean gap = false;
        for (int k = from; k < to; k++) {
            char d = s.charAt(k);
            if (Character.isLetterOrDigit(d)) {
                if (gap && b.length() > 0) {
                    b.append(' ');
                }
                b.append(Character.toLowerCase(d));
                gap = false;
            } else {
                gap = true;
            }
        }
        return b.toString();
    }

    /** Code keeps its case; whitespace runs become one space; an info string ("```java") is dropped. */
    private static String codeBody(String s, int from, int to) {
        int lineEnd = s.indexOf('\n', from);
        if (lineEnd > 0 && lineEnd < to && s.substring(from, lineEnd).strip().indexOf(' ') < 0) {
            from = lineEnd + 1;
        }
        StringBuilder b = new StringBuilder(to - from);
        boolean gap = false;
        for (int k = from; k < to; k++) {
            char d = s.charAt(k);
            if (Character.isWhitespace(d)) {
                gap = true;
            } else {
                if (gap && b.length() > 0) {
                    b.append(' ');
                }
                b.append(d);
                gap = false;
            }
        }
        return b.toString();
    }

    private static boolean startsNumber(String s, int i) {
        char c = s.charAt(i);
        if (c == '$' || c == '\u20ac' || c == '\u00a3' || c == '\u00a5' || c == '\u20b9') {
            return i + 1 < s.length() && Character.isDigit(s.charAt(i + 1));
        }
        if ((c == '-' || c == '.') && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
            return i == 0 || Character.isWhitespace(s.charAt(i - 1)) || s.charAt(i - 1) == '(';
        }
        if (c == '/' || c == '~' || c == '#' || c == '@') {
            return i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i + 1))
                    && (i == 0 || Character.isWhitespace(s.charAt(i - 1)));
        }
        return false;
    }

    private static boolean isBreak(char c) {
        return Character.isWhitespace(c) || c == ',' || c == ';' || c == '!' || c == '?' || c == '(' || c == ')'
                || c == '[' || c == ']' || c == '{' || c == '}' || c == '<' || c == '>' || c == '"' || c == '`'
                || c == '\u201c' || c == '\u201d' || c == '\u2018' || c == '\u00ab' || c == '\u00bb' || c == '|'
                || c == '=';
    }

    private static boolean isTrailing(char c) {
        return c == '.' || c == ':' || c == '\'' || c == '\u2019' || c == '-' || c == '*';
    }

    private int lexRun(String s, char[] cs, int start) {
        int n = cs.length;
        int end = start;
        while (end < n) {
            char c = cs[end];
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                end++;
                continue;
            }
            if (isBreak(c) && !digitComma(s, start, end)
                    || c == ':' && (end + 1 >= n || Character.isWhitespace(cs[end + 1]))) {
                break;
            }
            end++;
        }
        int next = end;
        boolean endsSentence = false;
        while (end > start && isTrailing(s.charAt(end - 1))) {
            char t = s.charAt(end - 1);
            if (t == '.') {
                endsSentence = true;
            }
            end--;
        }
        if (end > start) {
            token(s.substring(start, end));
        }
        if (next < n) {
            char b = s.charAt(next);
            if (b == ',' && !toks.isEmpty()) {
                toks.get(toks.size() - 1).commaAfter = true;
            } else if (b == '!' || b == '?' || b == ':') {
                endsSentence = true;
            }
        }
        if (endsSentence) {
            sentenceStart = true;
        }
        return next;
    }

    private static boolean digitComma(String s, int start, int at) {
        return s.charAt(at) == ',' && at > start && Character.isDigit(s.charAt(at - 1)) && at + 3 < s.length()
                && Character.isDigit(s.charAt(at + 1)) && Character.isDigit(s.charAt(at + 2))
                && Character.isDigit(s.charAt(at + 3));
    }

    private void lexSymbol(char c) {
        switch (c) {
            case '.', '!', '?', ':' -> sentenceStart = true;
            case '+', '-', '*', '/', '^', '\u00d7', '\u00f7', '%' -> emit(new Tok(Kind.SYM, String.valueOf(c)), false);
            case '$' -> pendingCurrency = "usd";
            case '\u20ac' -> pendingCurrency = "eur";
            case '\u00a3' -> pendingCurrency = "gbp";
            default -> {
            }
        }
    }

    private void emit(Tok t, boolean capitalised) {
        if (t.kind != Kind.NUM && t.kind != Kind.SYM) {
            pendingCurrency = null;
        }
        t.cap = capitalised;
        t.sentenceStart = sentenceStart;
        sentenceStart = false;
        toks.add(t);
    }

    /** One whitespace-delimited run, trailing punctuation removed; one pass over its characters. */
    private void token(String raw) {
        String r = raw.indexOf('\u2019') >= 0 ? raw.replace('\u2019', '\'') : raw;
        int n = r.length();
        if (n > 2 && r.charAt(n - 1) == 's' && r.charAt(n - 2) == '\'') {
            r = r.substring(0, n - 2);
            n -= 2;
        }
        char first = r.charAt(0);
        boolean address = first == '/' || first == '~' || first == '#' || first == '@';
        boolean upper = false;
        boolean digit = false;
        boolean joiner = false;
        boolean identifier = false;
        boolean split = false;
        boolean at = false;
        boolean dot = false;
        char previous = 0;
        for (int k = 0; k < n; k++) {
            char c = r.charAt(k);
            if (c >= 'a' && c <= 'z' || c == '\'') {
                previous = c;
                continue;
            }
            if (c >= 'A' && c <= 'Z' || c > 127 && Character.isUpperCase(c)) {
                upper = true;
                identifier |= previous >= 'a' && previous <= 'z' || previous > 127 && Character.isLowerCase(previous);
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '-') {
                joiner = true;
            } else if (c == '_') {
                identifier = true;
            } else if (c == '.') {
                identifier = true;
                dot = true;
            } else if (c == '@') {
                at = true;
                split = true;
            } else if (c == '\\' || c == ':' && r.startsWith("//", k + 1)) {
                address = true;
            } else if (c <= 127 || !Character.isLetter(c)) {
                split = true;
            }
            previous = c;
        }
        String l = upper ? r.toLowerCase(java.util.Locale.ROOT) : r;
        if (address || at && dot) {
            emit(new Tok(Kind.ENTITY, l), false);
            return;
        }
        if ((digit || joiner || split || dot || identifier && !upper) && n > 1
                && (TERMS.containsKey(l) || UNITS.containsKey(l))) {
            emit(new Tok(Kind.WORD, l), false);
            return;
        }
        if (first >= '0' && first <= '9' || first == '-' || first == '.' || isCurrency(first)) {
            number(r);
            return;
        }
        word(r, l, digit, joiner, identifier, split);
    }

    private static boolean isCurrency(char c) {
        return c == '$' || c == '\u20ac' || c == '\u00a3' || c == '\u00a5' || c == '\u20b9';
    }

    private void word(String r, String l) {
        boolean digit = false;
        boolean joiner = false;
        boolean identifier = false;
        boolean split = false;
        for (int k = 0; k < r.length(); k++) {
            char c = r.charAt(k);
            if (Character.isDigit(c)) {
                digit = true;
            } else if (c == '_' || c == '.') {
                identifier = true;
            } else if (c == '-') {
                joiner = true;
            } else if (c == '\'') {
                continue;
            } else if (!Character.isLetter(c)) {
                split = true;
            } else if (k > 0 && Character.isUpperCase(c) && Character.isLowerCase(r.charAt(k - 1))) {
                identifier = true;
            }
        }
        word(r, l, digit, joiner, identifier, split);
    }

    private void word(String r, String l, boolean digit, boolean joiner, boolean identifier, boolean split) {
        boolean cap = Character.isUpperCase(r.charAt(0));
        if ((identifier || digit) && !common(l)) {
            if (identifier && !digit && !split && !joiner && TERMS.containsKey(l)) {
                emit(new Tok(Kind.WORD, l), cap);
            } else {
                emit(new Tok(Kind.ENTITY, l), false);
            }
            return;
        }
        if (joiner && !split && shortPieceIsNotAWord(r)) {
            String joined = r.replace("-", "");
            simpleWord(joined, lower(joined));
            return;
        }
        if (joiner || split) {
            int from = 0;
            for (int k = 0; k <= r.length(); k++) {
                if (k == r.length() || !Character.isLetter(r.charAt(k)) && r.charAt(k) != '\'') {
                    if (k > from) {
                        String piece = r.substring(from, k);
                        simpleWord(piece, lower(piece));
                    }
                    if (k < r.length() && r.charAt(k) != '-') {
                        lexSymbol(r.charAt(k));
                        sentenceStart = false;
                    }
                    from = k + 1;
                }
            }
            return;
        }
        simpleWord(r, l);
    }

    /** "Wi-Fi", "e-book", "x-ray" are one word ("wifi"); "well-known", "at-home", "lasagna-loving" two. */
    private static boolean shortPieceIsNotAWord(String r) {
        int from = 0;
        boolean fragment = false;
        for (int k = 0; k <= r.length(); k++) {
            if (k == r.length() || r.charAt(k) == '-') {
                String piece = lower(r.substring(from, k));
                if (piece.length() <= 2 && !common(piece) && !CARDINALS.containsKey(piece)) {
                    fragment = true;
                }
                from = k + 1;
            }
        }
        return fragment;
    }

    private void simpleWord(String r, String l) {
        emit(new Tok(Kind.WORD, l), Character.isUpperCase(r.charAt(0)));
    }

    /** A run starting with a digit, sign or currency: {@code $5}, {@code -3.5}, {@code 15%}, {@code 5km}, {@code 3rd}, {@code 2x4}. */
    private void number(String r) {
        int k = 0;
        String currency = null;
        if (isCurrency(r.charAt(0))) {
            currency = switch (r.charAt(0)) {
                case '$' -> "usd";
                case '\u20ac' -> "eur";
                case '\u00a3' -> "gbp";
                case '\u00a5' -> "jpy";
                default -> "inr";
            };
            k = 1;
        }
        int begin = k;
        if (k < r.length() && (r.charAt(k) == '-' || r.charAt(k) == '.')) {
            k++;
        }
        int digitsStart = k;
        while (k < r.length()) {
            char c = r.charAt(k);
            if (Character.isDigit(c)) {
                k++;
            } else if ((c == ',' || c == '.') && k + 1 < r.length() && Character.isDigit(r.charAt(k + 1))) {
                k++;
            } else {
                break;
            }
        }
        if (k == digitsStart) {
            word(r, lower(r));
            return;
        }
        String digits = r.substring(begin, k);
        if (countOf(digits, '.') > 1) {
            emit(new Tok(Kind.ENTITY, lower(r)), false);
            return;
        }
        String rest = r.substring(k);
        String value = canonical(digits);
        Tok t = new Tok(Kind.NUM, value);
        if (currency == null && pendingCurrency != null) {
            currency = pendingCurrency;
        }
        pendingCurrency = null;
        t.unit = currency;
        if (rest.isEmpty()) {
            emit(t, false);
            return;
        }
        String lr = lower(rest);
        if (lr.equals("%")) {
            t.unit = "%";
            emit(t, false);
            return;
        }
        int letters = 0;
        while (letters < lr.length() && (Character.isLetter(lr.charAt(letters)) || lr.charAt(letters) == '\u00b0')) {
            letters++;
        }
        String suffix = lr.substring(0, letters);
        String after = rest.substring(letters);
        if (letters > 0) {
            if (ORDINAL_SUFFIXES.contains(suffix) && after.isEmpty()) {
                t.ordinal = true;
            } else if (suffix.equals("s") && after.isEmpty() && digits.length() >= 2) {
                t.unit = "decade";
            } else if (after.isEmpty() && UNITS.containsKey(lr)) {
                t.unit = UNITS.get(lr);
            } else if (suffix.equals("k") && after.isEmpty()) {
                t = new Tok(Kind.NUM, canonical(new BigDecimal(value).multiply(BigDecimal.valueOf(1000))));
                t.unit = currency;
            } else if (suffix.equals("x") && !after.isEmpty() && Character.isDigit(after.charAt(0))) {
                emit(t, false);
                emit(new Tok(Kind.SYM, "*"), false);
                number(after);
                return;
            } else if (after.isEmpty() && UNITS.containsKey(suffix)) {
                t.unit = UNITS.get(suffix);
            } else if (!after.isEmpty() && after.charAt(0) == '-' && UNITS.containsKey(suffix)) {
                t.unit = UNITS.get(suffix);
                emit(t, false);
                token(after.substring(1));
                return;
            } else {
                emit(new Tok(Kind.ENTITY, lower(r)), false);
                return;
            }
            emit(t, false);
            if (!after.isEmpty()) {
                token(after);
            }
            return;
        }
        char op = rest.charAt(0);
        String tail = rest.substring(1);
        if (op == '/' && digits.length() <= 3 && digits.indexOf('.') < 0 && digits.indexOf('-') < 0 && currency == null
                && !tail.isEmpty() && tail.length() <= 3 && allDigits(tail)) {
            emit(new Tok(Kind.NUM, canonical(digits) + "/" + canonical(tail)), false);
            return;
        }
        emit(t, false);
        if (op == '-' && !tail.isEmpty() && Character.isLetter(tail.charAt(0))) {
            token(tail);
        } else if (!tail.isEmpty()) {
            lexSymbol(op);
            sentenceStart = false;
            if (Character.isDigit(tail.charAt(0)) || isCurrency(tail.charAt(0))) {
                number(tail);
            } else {
                token(tail);
            }
        } else {
            lexSymbol(op);
        }
    }

    private static boolean allDigits(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (!Character.isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int countOf(String s, char c) {
        int count = 0;
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) == c) {
                count++;
            }
        }
        return count;
    }

    /** {@code 1,000} = {@code 1000}; {@code 2.50} = {@code 2.5}; {@code 007} = {@code 7}; {@code .5} = {@code 0.5}. */
    static String canonical(String digits) {
        StringBuilder b = new StringBuilder(digits.length());
        boolean negative = digits.startsWith("-");
        int k = negative ? 1 : 0;
        for (; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c != ',') {
                b.append(c);
            }
        }
        String plain = b.toString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);
        int lead = 0;
        while (lead < whole.length() - 1 && whole.charAt(lead) == '0') {
            lead++;
        }
        whole = whole.isEmpty() ? "0" : whole.substring(lead);
        int trail = fraction.length();
        while (trail > 0 && fraction.charAt(trail - 1) == '0') {
            trail--;
        }
        fraction = fraction.substring(0, trail);
        String value = fraction.isEmpty() ? whole : whole + "." + fraction;
        return negative && !value.equals("0") ? "-" + value : value;
    }

    private static String canonical(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    static String lower(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isUpperCase(c)) {
                return s.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- merging into units

    private void merge() {
        int n = toks.size();
        int k = 0;
        while (k < n) {
            Tok t = toks.get(k);
            int comparator = t.kind == Kind.WORD ? comparatorAt(k) : 0;
            if (comparator > 0) {
                k += comparator;
                continue;
            }
            String period = t.kind == Kind.WORD ? relativePeriod(k) : null;
            if (period != null) {
                units.add(new Unit(Kind.TERM, "t" + period, period));
                k++;
                continue;
            }
            int before = units.size();
            int used = switch (t.kind) {
                case NUM -> numberAt(k, t, 1);
                case SYM -> symbolAt(k);
                case ENTITY -> add(Kind.ENTITY, t.text);
                default -> wordAt(k);
            };
            if (used == 1 && units.size() == before + 1) {
                units.get(before).surface = t.text;
            }
            if (units.size() > before && (t.sentenceStart || k > 0 && toks.get(k - 1).commaAfter)) {
                units.get(before).breakBefore = true;
            }
            doSupport |= t.kind == Kind.WORD && DO_SUPPORT.contains(t.text);
            k += Math.max(1, used);
        }
    }

    /**
     * A comparator bound to the number after it: "over 30" and "more than 30" are {@code >30},
     * "under 30" and "less than 30" {@code <30}, "at least 30" {@code >=30}, "at most" and "up to
     * 30" {@code <=30}; "over" and "under" are common words otherwise, and "above"/"below" terms.
     * Returns the words used (emitted as common words that take no role), or 0.
     */
    private int comparatorAt(int k) {
        String w = lowerAt(k);
        String next = lowerAt(k + 1);
        String symbol;
        int used;
        switch (w) {
            case "over", "above", "exceeding", "beyond" -> {
                symbol = "gt";
                used = 1;
            }
            case "under", "below" -> {
                symbol = "lt";
                used = 1;
            }
            case "more", "greater", "higher" -> {
                symbol = "gt";
                used = next.equals("than") ? 2 : 0;
            }
            case "less", "fewer", "lower" -> {
                symbol = "lt";
                used = next.equals("than") ? 2 : 0;
            }
            case "at" -> {
                symbol = next.equals("least") ? "ge" : "le";
                used = next.equals("least") || next.equals("most") ? 2 : 0;
            }
            case "up" -> {
                symbol = "le";
                used = next.equals("to") ? 2 : 0;
            }
            default -> {
                return 0;
            }
        }
        if (used == 0 || !startsQuantity(k + used)) {
            return 0;
        }
        for (int i = 0; i < used; i++) {
            units.add(new Unit(Kind.COMMON, "cmp", "cmp"));
        }
        pendingComparator = symbol;
        return used;
    }

    private boolean startsQuantity(int k) {
        String w = lowerAt(k);
        return numberAt(k) || CARDINALS.containsKey(w) && !w.equals("one") || w.equals("a") && SCALES.containsKey(lowerAt(k + 1));
    }

    private static final Set<String> PERIODS = Set.of("day", "week", "weekend", "month", "year", "quarter", "season",
            "semester", "term", "sprint", "release", "morning", "afternoon", "evening", "night", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
            "june", "july", "august", "september", "october", "november", "december", "spring", "summer", "autumn",
            "fall", "winter", "century", "decade", "shift", "meeting", "session", "version");

    /**
     * "this weekend", "next weekend" and "last weekend" are three different weekends, though
     * "this", "next" and "last" are common words: before a period they are read as a term. (Not
     * "May": "this may help".)
     */
    private String relativePeriod(int k) {
        String next = lowerAt(k + 1);
        if (!PERIODS.contains(next) && !(next.endsWith("s") && PERIODS.contains(next.substring(0, next.length() - 1)))) {
            return null;
        }
        return switch (lowerAt(k)) {
            case "this", "current" -> "thisperiod";
            case "next", "coming", "upcoming", "following" -> "nextperiod";
            case "last", "previous", "past", "prior" -> "lastperiod";
            default -> null;
        };
    }

    /** "30 or more", "30 or fewer": the comparator written after the number; 0 or the words used. */
    private int trailingComparator(int k) {
        if (!lowerAt(k).equals("or")) {
            return 0;
        }
        pendingComparator = switch (lowerAt(k + 1)) {
            case "more", "above", "over", "greater", "higher" -> "ge";
            case "less", "fewer", "below", "under", "lower" -> "le";
            default -> pendingComparator;
        };
        return pendingComparator == null ? 0 : 2;
    }

    private int add(Kind kind, String key) {
        Unit u = new Unit(kind, key, key);
        if (kind == Kind.ENTITY) {
            u.code = WordCode.of(GuardStemmer.root(key));
        }
        units.add(u);
        return 1;
    }

    private String lowerAt(int k) {
        return k >= 0 && k < toks.size() && toks.get(k).kind == Kind.WORD ? toks.get(k).text : "";
    }

    private boolean numberAt(int k) {
        return k >= 0 && k < toks.size() && toks.get(k).kind == Kind.NUM;
    }

    private int symbolAt(int k) {
        String op = toks.get(k).text;
        boolean between = k > 0 && !units.isEmpty() && units.get(units.size() - 1).kind == Kind.NUM
                && numberAt(k + 1);
        if (!between) {
            return 1;
        }
        String id = switch (op) {
            case "+" -> "plus";
            case "-" -> "minus";
            case "*", "\u00d7" -> "times";
            case "/", "\u00f7" -> "div";
            case "^" -> "power";
            default -> null;
        };
        if (id != null) {
            units.add(new Unit(Kind.TERM, "t" + id, id));
        }
        return 1;
    }

    private int wordAt(int k) {
        Tok t = toks.get(k);
        String w = t.text;
        GuardWords.Info info = GuardWords.of(w);
        if (info.contextual()) {
            int used = contextual(k, t, w);
            if (used > 0) {
                return used;
            }
        }
        if (info.negation()) {
            units.add(new Unit(Kind.NEG, "neg", w));
            return 1;
        }
        if (info.term() != null) {
            units.add(new Unit(Kind.TERM, "t" + info.term(), info.term()));
            return 1;
        }
        if (info.unit() != null && numberAt(k + 1)) {
            units.add(new Unit(Kind.COMMON, w, w));
            return 1;
        }
        if (info.unbound()) {
            units.add(new Unit(Kind.TERM, "t" + info.unit(), info.unit()));
            return 1;
        }
        String correction = info.correction();
        if (correction != null && (!t.cap || t.sentenceStart && GuardWords.common(correction))) {
            return corrected(correction);
        }
        if (info.common() || w.length() == 1 && !t.cap) {
            units.add(new Unit(Kind.COMMON, w, w));
            return 1;
        }
        boolean name = t.cap && !(t.sentenceStart && (usedInLowerCase(w) || startsSentences(w)));
        Unit u = new Unit(name ? Kind.ENTITY : Kind.WORD, w, w);
        u.code = info.code();
        units.add(u);
        return 1;
    }

    /** Words read with their neighbours; 0 when the word turns out to be ordinary here. */
    private int contextual(int k, Tok t, String w) {
        String next = lowerAt(k + 1);
        String bigram = next.isEmpty() ? null : BIGRAMS.get(w + " " + next);
        if (bigram != null) {
            units.add(new Unit(Kind.TERM, "t" + bigram, bigram));
            return 2;
        }
        if ((w.equals("first") || w.equals("second") || w.equals("third")) && t.sentenceStart && t.commaAfter) {
            units.add(new Unit(Kind.COMMON, w, w));
            return 1;
        }
        if (w.equals("half") || w.equals("quarter") || w.equals("halves") || w.equals("quarters")) {
            Tok fraction = new Tok(Kind.NUM, w.startsWith("h") ? "1/2" : "1/4");
            return numberAt(k, fraction, 1);
        }
        if (w.equals("mean") && (next.equals("of") || MEAN_AS_AVERAGE_AFTER.contains(lowerAt(k - 1)))) {
            units.add(new Unit(Kind.TERM, "taverage", "average"));
            return 1;
        }
        int phrase = numberWords(k);
        if (phrase > 0) {
            return phrase;
        }
        if (w.equals("x") && !units.isEmpty() && units.get(units.size() - 1).kind == Kind.NUM && numberAt(k + 1)) {
            units.add(new Unit(Kind.TERM, "ttimes", "times"));
            return 1;
        }
        if (w.equals("more") || w.equals("most") || w.equals("less") || w.equals("least")) {
            String adjective = TERMS.get(next);
            if (adjective != null && OPPOSITE.containsKey(adjective) && !adjective.equals("more")
                    && !adjective.equals("less") && !adjective.equals("most") && !adjective.equals("least")) {
                String id = w.startsWith("l") ? OPPOSITE.get(adjective) : adjective;
                units.add(new Unit(Kind.TERM, "t" + id, id));
                return 2;
            }
        }
        if (w.equals("no") && next.equals("one")) {
            units.add(new Unit(Kind.NEG, "neg", w));
            return 2;
        }
        if (w.equals("list") && (t.sentenceStart || LIST_AS_VERB_AFTER.contains(lowerAt(k - 1)))) {
            units.add(new Unit(Kind.COMMON, w, w));
            return 1;
        }
        String quantity = quantity(k, w);
        if (quantity != null) {
            units.add(new Unit(Kind.TERM, "t" + quantity, quantity));
            return 1;
        }
        return 0;
    }

    private static boolean startsSentences(String w) {
        return GuardLexicon.SENTENCE_STARTERS.contains(w)
                || GuardLexicon.SENTENCE_STARTERS.contains(GuardStemmer.stem(w) + "e")
                || GuardLexicon.SENTENCE_STARTERS.contains(GuardStemmer.stem(w));
    }

    /** Whether a sentence's capitalised first word occurs in lower case elsewhere: then it is no name. */
    private boolean usedInLowerCase(String w) {
        for (Tok other : toks) {
            if (other.kind == Kind.WORD && !other.cap && other.text.equals(w)) {
                return true;
            }
        }
        return false;
    }

    private int corrected(String w) {
        GuardWords.Info info = GuardWords.of(w);
        if (info.negation()) {
            units.add(new Unit(Kind.NEG, "neg", w));
        } else if (info.term() != null) {
            units.add(new Unit(Kind.TERM, "t" + info.term(), info.term()));
        } else if (info.unbound()) {
            units.add(new Unit(Kind.TERM, "t" + info.unit(), info.unit()));
        } else {
            units.add(new Unit(Kind.COMMON, w, w));
        }
        return 1;
    }

    /**
     * "lots of", "plenty of", "a lot of" against "little" and "few", but not "a little" or "a
     * few", which mean "some", nor "thanks a lot".
     */
    private String quantity(int k, String w) {
        String before = lowerAt(k - 1);
        return switch (w) {
            case "lots", "plenty" -> "lots";
            case "lot" -> lowerAt(k + 1).equals("of") ? "lots" : null;
            case "few" -> before.equals("a") ? null : "few";
            case "little" -> NOT_A_QUANTITY_AFTER.contains(before) ? null : "few";
            default -> null;
        };
    }

    /** Number words from {@code k}: "twenty-five", "two hundred and six", "a dozen", "twenty-first". */
    private int numberWords(int k) {
        int start = k;
        long total = 0;
        long current = 0;
        int words = 0;
        boolean ordinal = false;
        boolean afterTens = false;
        boolean afterScale = false;
        if (lowerAt(k).equals("a") && SCALES.containsKey(lowerAt(k + 1))) {
            current = 1;
            words = 1;
            k++;
        }
        while (k < toks.size() && toks.get(k).kind == Kind.WORD) {
            String x = toks.get(k).text;
            Integer cardinal = CARDINALS.get(x);
            Integer ord = ORDINALS.get(x);
            Long scale = SCALES.get(x);
            Integer value = cardinal != null ? cardinal : ord;
            boolean joins = value != null && (words == 0 || afterScale || afterTens && value < 10);
            if (cardinal != null && joins) {
                current += cardinal;
                afterTens = cardinal >= 20;
                afterScale = false;
            } else if (ord != null && joins) {
                current += ord;
                ordinal = true;
                words++;
                k++;
                break;
            } else if (scale != null && words > 0) {
                current = (current == 0 ? 1 : current) * scale;
                if (scale >= 1000) {
                    total += current;
                    current = 0;
                }
                afterScale = true;
                afterTens = false;
            } else if (x.equals("and") && afterScale && CARDINALS.containsKey(lowerAt(k + 1))) {
                k++;
                continue;
            } else {
                break;
            }
            words++;
            k++;
        }
        if (words == 0 || current + total == 0 && !lowerAt(start).equals("zero") && !lowerAt(start).equals("zeroth")) {
            return 0;
        }
        int used = k - start;
        String w = lowerAt(start);
        if (used == 1 && w.equals("one") && (ONE_NOT_A_NUMBER_AFTER.contains(lowerAt(start - 1))
                || lowerAt(start + 1).equals("of") || lowerAt(start + 1).equals("another"))) {
            return 0;
        }
        if (ordinal && used == 1 && w.equals("second") && (SECOND_AS_TIME_AFTER.contains(lowerAt(start - 1))
                || numberAt(start - 1))) {
            return 0;
        }
        Tok t = new Tok(Kind.NUM, Long.toString(total + current));
        t.ordinal = ordinal;
        return used + numberAt(start + used - 1, t, 0);
    }

    /**
     * A number at token {@code k} (for number words: the last word of the phrase): applies a scale
     * word after it, binds the unit after it, emits the unit and returns the tokens used beyond
     * {@code k}, plus {@code base}.
     */
    private int numberAt(int k, Tok t, int base) {
        int used = base;
        String canon = t.text;
        Long scale = SCALES.get(lowerAt(k + 1));
        if (scale != null && !t.ordinal && t.unit == null && canon.indexOf('/') < 0) {
            canon = canonical(new BigDecimal(canon).multiply(BigDecimal.valueOf(scale)));
            k++;
            used++;
        }
        String unit = t.unit;
        int beforeUnit = used;
        if (unit == null && !t.ordinal) {
            String next = lowerAt(k + 1);
            Tok nextTok = k + 1 < toks.size() ? toks.get(k + 1) : null;
            if (nextTok != null && nextTok.kind == Kind.SYM && nextTok.text.equals("%")) {
                unit = "%";
                used++;
            } else if (next.equals("per") && lowerAt(k + 2).equals("cent")) {
                unit = "%";
                used += 2;
            } else if (next.equals("second") || next.equals("seconds")) {
                unit = "s";
                used++;
            } else if (next.startsWith("degree") && UNITS.containsKey(lowerAt(k + 2))
                    && (lowerAt(k + 2).equals("celsius") || lowerAt(k + 2).equals("fahrenheit")
                            || lowerAt(k + 2).equals("c") || lowerAt(k + 2).equals("f"))) {
                unit = UNITS.get(lowerAt(k + 2));
                used += 2;
            } else if (UNITS.containsKey(next)) {
                unit = UNITS.get(next);
                used++;
            }
        }
        if (pendingComparator == null) {
            used += trailingComparator(k + 1 + used - beforeUnit);
        }
        String key = t.ordinal ? "o" + canon : unit == null ? canon : canon + unit;
        if (pendingComparator != null) {
            key = key + "^" + pendingComparator;
            pendingComparator = null;
        }
        units.add(new Unit(Kind.NUM, key, key));
        return used;
    }

    // ---------------------------------------------------------------- roles

    /**
     * from X: source; to/into/towards X: destination (and an item right before "to" of the same
     * sort, as in "Paris to Rome" or "miles to km", the source); than X; vs X; the operands of a
     * non-commutative operator: left and right.
     */
    private void tagRoles() {
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            if (u.kind == Kind.TERM && ORDERED_OPERATORS.contains(u.lower)) {
                operands(i);
                continue;
            }
            if (u.kind != Kind.COMMON) {
                continue;
            }
            switch (u.lower) {
                case "from" -> tag(target(i + 1), 's');
                case "than" -> tag(target(i + 1), 't');
                case "vs", "versus", "v" -> tag(target(i + 1), 'v');
                case "to", "into", "towards", "toward", "onto" -> destination(i);
                default -> {
                }
            }
        }
    }

    private void collectSlots() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            if (u.kind == Kind.COMMON && SLOT_PREPOSITIONS.contains(u.lower)) {
                int j = target(i + 1);
                if (j >= 0 && (units.get(j).kind == Kind.ENTITY || units.get(j).kind == Kind.WORD)) {
                    all.computeIfAbsent(u.lower, p -> new ArrayList<>()).add(GuardStemmer.stem(units.get(j).lower));
                }
            }
        }
        all.forEach((preposition, words) -> {
            if (words.size() >= 2) {
                slots.put(preposition, words);
            }
        });
    }

    /**
     * What each negation is about: the numbers, terms and content words within a few words after
     * it ("no class components" is about "class" and "component", "no hooks" about "hook"; "doesn't
     * my code compile" about "code" and "compile"). Two prompts that negate as often but negate
     * different things ask for different things.
     */
    private void collectNegated() {
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).kind != Kind.NEG) {
                continue;
            }
            // "isn't my CSS media query working": a contracted auxiliary negates the verb after the subject
            int reach = units.get(i).lower.endsWith("n't") || units.get(i).lower.equals("cannot") ? 2 * NEGATION_REACH
                    : NEGATION_REACH;
            List<String> items = new ArrayList<>(reach);
            for (int j = i + 1; j < Math.min(units.size(), i + 1 + reach); j++) {
                Unit u = units.get(j);
                if (u.kind == Kind.NEG) {
                    break;
                }
                if (u.item() || u.kind == Kind.WORD) {
                    items.add(u.kind == Kind.NUM ? "n:" + u.lower : u.kind == Kind.TERM ? "t:" + u.lower
                            : "w:" + GuardStemmer.root(u.lower));
                }
            }
            negated.add(items);
        }
    }

    private static final int NEGATION_REACH = 4;

    private static final Set<String> BE = Set.of("is", "are", "was", "were", "be", "been", "being", "gets", "got");
    private static final Set<String> IRREGULAR_PARTICIPLES = Set.of("made", "written", "done", "found", "sent", "taken",
            "given", "built", "paid", "sold", "bought", "won", "lost", "held", "led", "run", "seen", "known", "told",
            "chosen", "drawn", "driven", "eaten", "broken", "spoken", "stolen", "shown", "thrown", "brought", "caught",
            "taught", "thought", "kept", "left", "met", "read", "set", "put", "cut", "hit", "hurt", "shut", "split",
            "spent", "lent", "bent", "beaten", "bitten", "hidden", "ridden", "risen", "shaken", "sung", "begun",
            "overturned", "overseen", "undertaken", "withdrawn", "forgiven", "forgotten");

    /**
     * "The order was shipped by our warehouse", "Was Roe v. Wade overturned by the Supreme Court":
     * a form of "be", within a few words a participle, and within a few more "by".
     */
    private void findPassive() {
        for (int i = 0; i < toks.size() && !passive; i++) {
            if (!BE.contains(lowerAt(i))) {
                continue;
            }
            for (int j = i + 1; j <= i + 4 && j < toks.size() && !passive; j++) {
                String w = lowerAt(j);
                if (w.length() > 3 && (w.endsWith("ed") || IRREGULAR_PARTICIPLES.contains(w))) {
                    for (int k = j + 1; k <= j + 6 && k < toks.size() && !passive; k++) {
                        passive = lowerAt(k).equals("by");
                    }
                }
            }
        }
    }

    private void destination(int i) {
        if (i > 0 && INFINITIVE_LEADS.contains(units.get(i - 1).lower)) {
            return;
        }
        int target = target(i + 1);
        if (target < 0) {
            return;
        }
        tag(target, 'd');
        if (i > 0) {
            Unit before = units.get(i - 1);
            if (before.role == 0 && sameSort(before, units.get(target))) {
                before.role = 's';
            }
        }
    }

    private static boolean sameSort(Unit a, Unit b) {
        if (a.kind == Kind.ENTITY) {
            return b.kind == Kind.ENTITY || b.kind == Kind.WORD;
        }
        if (a.kind == Kind.NUM) {
            return b.kind == Kind.NUM || b.kind == Kind.TERM && UNIT_IDS.contains(b.lower);
        }
        if (a.kind == Kind.TERM && b.kind == Kind.TERM) {
            return LANGUAGES.contains(a.lower) && LANGUAGES.contains(b.lower)
                    || UNIT_IDS.contains(a.lower) && UNIT_IDS.contains(b.lower);
        }
        return false;
    }

    private int target(int j) {
        int skipped = 0;
        while (j < units.size() && skipped < 3 && units.get(j).kind == Kind.COMMON
                && DETERMINERS.contains(units.get(j).lower)) {
            j++;
            skipped++;
        }
        if (j >= units.size()) {
            return -1;
        }
        Unit u = units.get(j);
        return u.item() || u.kind == Kind.WORD ? j : -1;
    }

    private void tag(int j, char role) {
        if (j >= 0 && units.get(j).role == 0) {
            units.get(j).role = role;
        }
    }

    private void operands(int i) {
        int left = -1;
        for (int j = i - 1; j >= Math.max(0, i - 3); j--) {
            if (units.get(j).kind == Kind.NUM) {
                left = j;
                break;
            }
        }
        int right = -1;
        for (int j = i + 1; j < Math.min(units.size(), i + 4); j++) {
            if (units.get(j).kind == Kind.NUM) {
                right = j;
                break;
            }
        }
        if (left >= 0 && right >= 0) {
            tag(left, 'l');
            tag(right, 'r');
        }
    }
}
