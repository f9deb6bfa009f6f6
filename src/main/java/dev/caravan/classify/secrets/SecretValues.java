package dev.caravan.classify.secrets;

import java.util.Locale;
import java.util.Set;

/**
 * Character classes and value judgements shared by the secret detectors: is a candidate a
 * variable reference (not a value at all), a documentation placeholder (reported as
 * {@code EXAMPLE_CREDENTIAL}), or shaped like a live random secret. Everything works on index
 * ranges of the scanned text, so nothing here copies or keeps a value.
 */
final class SecretValues {

    private SecretValues() {
    }

    /** An immutable word set; tolerant of repeated words in the long lists below. */
    static Set<String> words(String... words) {
        return Set.copyOf(java.util.Arrays.asList(words));
    }

    // ---------------------------------------------------------------- characters

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        char l = (char) (c | 0x20);
        return l >= 'a' && l <= 'z';
    }

    static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isB64(char c) {
        return isAlnum(c) || c == '+' || c == '/';
    }

    static boolean isB64Url(char c) {
        return isAlnum(c) || c == '-' || c == '_';
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B || c == 0xA0;
    }

    // ---------------------------------------------------------------- range helpers

    /** Case-insensitive search of a lower-case ASCII needle in {@code [from, to)}. */
    static int indexOfIgnoreCase(CharSequence t, String lowerNeedle, int from, int to) {
        int m = lowerNeedle.length();
        char first = lowerNeedle.charAt(0);
        for (int i = from; i + m <= to; i++) {
            if (lower(t.charAt(i)) != first) {
                continue;
            }
            int k = 1;
            while (k < m && lower(t.charAt(i + k)) == lowerNeedle.charAt(k)) {
                k++;
            }
            if (k == m) {
                return i;
            }
        }
        return -1;
    }

    /** First index of {@code c} in {@code [from, to)}, or -1. */
    static int indexOf(CharSequence t, char c, int from, int to) {
        int end = Math.min(to, t.length());
        for (int i = Math.max(0, from); i < end; i++) {
            if (t.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Last index of {@code c} at or before {@code from} and not before {@code min}, or -1. */
    static int lastIndexOf(CharSequence t, char c, int from, int min) {
        for (int i = Math.min(from, t.length() - 1); i >= Math.max(0, min); i--) {
            if (t.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Start of the line holding {@code pos}, looking back at most {@code maxBack} characters. */
    static int lineStart(CharSequence t, int pos, int maxBack) {
        int min = Math.max(0, pos - maxBack);
        int nl = lastIndexOf(t, '\n', pos - 1, min);
        return nl >= 0 ? nl + 1 : min;
    }

    static boolean containsIgnoreCase(CharSequence t, String lowerNeedle, int from, int to) {
        return indexOfIgnoreCase(t, lowerNeedle, from, to) >= 0;
    }

    static int indexOf(CharSequence t, String needle, int from, int to) {
        int m = needle.length();
        to = Math.min(to, t.length());
        for (int i = Math.max(0, from); i + m <= to; i++) {
            int k = 0;
            while (k < m && t.charAt(i + k) == needle.charAt(k)) {
                k++;
            }
            if (k == m) {
                return i;
            }
        }
        return -1;
    }

    static boolean equalsIgnoreCase(CharSequence t, int from, int to, String lowerWord) {
        if (to - from != lowerWord.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (lower(t.charAt(i)) != lowerWord.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    static String lowerCase(CharSequence t, int from, int to) {
        return t.subSequence(from, to).toString().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- shape

    /** Shannon entropy in bits per character of {@code [from, to)}. */
    static double entropy(CharSequence t, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return 0;
        }
        int[] counts = new int[128];
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            counts[c < 128 ? c : 0]++;
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / len;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        return h;
    }

    static boolean allHex(CharSequence t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isHex(t.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    static boolean hasWhitespace(CharSequence t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isWhitespace(t.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A random-looking secret: long enough, no whitespace, at least two of lower/upper/digit,
     * and a Shannon entropy a human-chosen word or identifier rarely reaches. Hex strings have
     * only 16 symbols, so their bar is lower.
     */
    static boolean isSecretShaped(CharSequence t, int from, int to) {
        int len = to - from;
        if (len < 16 || len > 8192) {
            return false;
        }
        int lower = 0;
        int upper = 0;
        int digit = 0;
        boolean hex = true;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (isWhitespace(c) || c == '"' || c == '\'' || c == '`') {
                return false;
            }
            if (isLower(c)) {
                lower++;
            } else if (isUpper(c)) {
                upper++;
            } else if (isDigit(c)) {
                digit++;
            }
            if (!isHex(c)) {
                hex = false;
            }
        }
        int classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0);
        if (classes < 2) {
            return false;
        }
        if (looksLikePathOrUrl(t, from, to) || isDottedIdentifier(t, from, to) || looksLikeEmail(t, from, to)
                || looksLikeWords(t, from, to) || looksLikeConstantName(t, from, to)) {
            return false;
        }
        double h = entropy(t, from, to);
        if (hex) {
            return digit > 0 && (lower + upper) > 0 && h >= 3.0;
        }
        return h >= (len < 20 ? 3.2 : 3.5);
    }

    /**
     * Made of words ({@code my-k8s-secret-name}, {@code myApplicationSecretName},
     * {@code Sec-WebSocket-Key}): two or more pieces (split at - _ . / space and camelCase), each
     * a short piece or a pronounceable word, with most letters in words. Random tokens fail on a
     * vowel-less or mixed-case piece.
     */
    static boolean looksLikeWords(CharSequence t, int from, int to) {
        int pieces = 0;
        int letters = 0;
        int wordLetters = 0;
        int i = from;
        while (i < to) {
            char c = t.charAt(i);
            if (c == '-' || c == '_' || c == '.' || c == ' ' || c == '/') {
                i++;
                continue;
            }
            if (c == '%' && i + 2 < to && isHex(t.charAt(i + 1)) && isHex(t.charAt(i + 2))) {
                i += 3; // percent-encoded separator
                continue;
            }
            if (!isAlnum(c)) {
                return false;
            }
            int s = i;
            i++;
            while (i < to) {
                char d = t.charAt(i);
                if (!isAlnum(d) || (isUpper(d) && isLower(t.charAt(i - 1)))) {
                    break;
                }
                i++;
            }
            pieces++;
            int pieceLetters = 0;
            for (int k = s; k < i; k++) {
                if (isLetter(t.charAt(k))) {
                    pieceLetters++;
                }
            }
            letters += pieceLetters;
            if (i - s <= 3) {
                continue;
            }
            if (pieceLetters != i - s || !isWord(t, s, i)) {
                return false;
            }
            wordLetters += pieceLetters;
        }
        return pieces >= 2 && letters > 0 && wordLetters * 10 >= letters * 6;
    }

    /** All lower, Capitalized or ALL CAPS, with a vowel and no run of more than four consonants. */
    private static boolean isWord(CharSequence t, int s, int e) {
        boolean allUpper = true;
        boolean restLower = true;
        int vowels = 0;
        int consonants = 0;
        for (int k = s; k < e; k++) {
            char c = t.charAt(k);
            char l = lower(c);
            if (!isUpper(c)) {
                allUpper = false;
            } else if (k > s) {
                restLower = false;
            }
            if ("aeiouy".indexOf(l) >= 0) {
                vowels++;
                consonants = 0;
            } else if (++consonants > 4) {
                return false;
            }
        }
        return vowels > 0 && (allUpper || restLower) && vowels * 5 >= (e - s);
    }

    static boolean looksLikeEmail(CharSequence t, int from, int to) {
        int at = indexOf(t, "@", from, to);
        return at > from && indexOf(t, ".", at, to) > at + 1;
    }

    /** File paths and URLs assigned to key names ({@code private_key: /etc/ssl/server.key}) are not secrets. */
    static boolean looksLikePathOrUrl(CharSequence t, int from, int to) {
        if (indexOf(t, "://", from, to) >= 0) {
            return true;
        }
        char c0 = t.charAt(from);
        boolean rooted = c0 == '/' || c0 == '~' || c0 == '\\'
                || (c0 == '.' && to - from > 1 && (t.charAt(from + 1) == '/' || t.charAt(from + 1) == '.'))
                || (to - from > 2 && isLetter(c0) && t.charAt(from + 1) == ':' && t.charAt(from + 2) == '\\');
        if (!rooted) {
            return false;
        }
        // a file extension at the end, or only lower-case path segments
        int dot = -1;
        for (int i = to - 1; i > from && i >= to - 6; i--) {
            if (t.charAt(i) == '.') {
                dot = i;
                break;
            }
        }
        if (dot > from) {
            return true;
        }
        // only lower-case or Capitalized segments: /home/runner/work, /Users/dev/app (random base64 mixes case)
        int slashes = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c == '/' || c == '\\') {
                slashes++;
            } else if (isUpper(c) && i > from && t.charAt(i - 1) != '/' && t.charAt(i - 1) != '\\') {
                return false;
            }
        }
        return slashes >= 2;
    }

    /** {@code settings.db.password}, {@code process.env.TOKEN}: code, not a value. */
    static boolean isDottedIdentifier(CharSequence t, int from, int to) {
        boolean dot = false;
        boolean segmentStart = true;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c == '.') {
                if (segmentStart) {
                    return false;
                }
                dot = true;
                segmentStart = true;
            } else if (isLetter(c) || c == '_' || (isDigit(c) && !segmentStart)) {
                segmentStart = false;
            } else {
                return false;
            }
        }
        return dot && !segmentStart;
    }

    /** A plain identifier in snake_case or camelCase without digits: in code, a variable. */
    static boolean looksLikeVariableName(CharSequence t, int from, int to) {
        boolean underscore = false;
        boolean camel = false;
        char prev = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c == '_') {
                underscore = i > from && i < to - 1;
            } else if (isUpper(c)) {
                if (isLower(prev)) {
                    camel = true;
                }
            } else if (!isLower(c)) {
                return false;
            }
            prev = c;
        }
        return (underscore || camel) && isLetter(t.charAt(from));
    }

    // ---------------------------------------------------------------- references and placeholders

    /**
     * A variable reference or template expression ({@code ${DB_PASS}}, {@code $TOKEN},
     * {@code %API_KEY%}, {@code {{ secrets.TOKEN }}}, {@code {0}}): not a value, not reported.
     */
    static boolean isReference(CharSequence t, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return false;
        }
        char c0 = t.charAt(from);
        if (c0 == '$' && len > 1) {
            char c1 = t.charAt(from + 1);
            if (c1 == '{' || c1 == '(' || c1 == '_' || isLetter(c1)) {
                return true;
            }
        }
        if (indexOf(t, "${", from, to) >= 0 || indexOf(t, "{{", from, to) >= 0 || indexOf(t, "#{", from, to) >= 0
                || indexOf(t, "$(", from, to) >= 0 || indexOf(t, "$env:", from, to) >= 0 || indexOf(t, "%(", from, to) == from
                || indexOf(t, "`", from, to) >= 0) {
            return true;
        }
        char cl = t.charAt(to - 1);
        if (len >= 3 && ((c0 == '%' && cl == '%') || (c0 == '{' && cl == '}') || (c0 == '@' && cl == '@'))) {
            for (int i = from + 1; i < to - 1; i++) {
                char c = t.charAt(i);
                if (!(isAlnum(c) || c == '_' || c == '.' || c == ' ' || c == '-' || c == ':')) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static final String[] MARKERS = {
        "example", "dummy", "fake", "sample", "placeholder", "redacted", "your", "xxxx", "insert", "replace",
        "...", "\u2026", "***", "\u2022\u2022\u2022", "_here", "-here", "goes-here", "_goes_"
    };

    private static final Set<String> TYPES_AND_TAGS = words("string", "str", "number", "int", "integer", "bool",
            "boolean", "buffer", "object", "any", "null", "float", "double", "char", "byte", "bytes", "array", "list", "map",
            "dict", "url", "uri", "path", "file", "span", "div", "a", "p", "code", "pre", "br", "b", "i", "em", "strong",
            "td", "tr", "th", "li", "ul", "ol", "html", "body", "head", "script", "style", "input", "img", "h1", "h2", "h3",
            "h4", "table", "small", "sup", "sub", "kbd", "var", "tt", "s", "unk", "pad", "mask", "cls", "sep", "eos", "bos",
            "empty", "none", "optional", "required", "hidden");

    /** {@code <span class="x">}, {@code <string|buffer>}, {@code <BOOL>}, {@code </s>}: markup or a type, not a placeholder. */
    static boolean isMarkupOrType(CharSequence t, int from, int to) {
        if (to - from < 2 || t.charAt(from) != '<' || t.charAt(to - 1) != '>') {
            return false;
        }
        int s = from + 1;
        int e = to - 1;
        if (s < e && t.charAt(s) == '/') {
            return true;
        }
        for (int i = s; i < e; i++) {
            char c = t.charAt(i);
            if (c == '=' || c == '"' || c == '|' || c == '<') {
                return true;
            }
        }
        return TYPES_AND_TAGS.contains(lowerCase(t, s, e).trim());
    }

    private static final Set<String> TEMPLATE_WORDS = words(
            "api", "key", "keys", "apikey", "secret", "secretkey", "token", "access", "accesskey", "auth", "my", "your",
            "the", "here", "goes", "put", "enter", "value", "client", "id", "app", "private", "password", "pass",
            "passwd", "pwd", "user", "username", "db", "database", "bearer", "personal", "service", "account", "new",
            "some", "a", "an", "openai", "anthropic", "github", "gitlab", "stripe", "aws", "slack", "google", "hf",
            "huggingface", "webhook", "url", "string", "credential", "credentials", "test", "demo", "sk", "pk", "live",
            "jwt", "signing", "session", "admin", "root", "redacted", "hidden", "masked", "xxx", "token_here",
            "todo", "tbd", "fixme", "changeit", "dev", "local", "default", "this", "with", "real", "actual");

    /**
     * A documentation or template value: {@code <TOKEN>}, {@code [REDACTED]}, {@code your_api_key_here},
     * {@code sk-xxxx}, {@code ****}, {@code ...}, values containing example/dummy/fake/sample, or
     * made only of template words ({@code API_KEY}, {@code my-secret-token}).
     */
    static boolean isPlaceholder(CharSequence t, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return false;
        }
        char c0 = t.charAt(from);
        char cl = t.charAt(to - 1);
        if ((c0 == '<' && cl == '>' && !isMarkupOrType(t, from, to)) || (c0 == '[' && cl == ']')) {
            return true;
        }
        if (c0 == '<' && cl == '>') {
            return false;
        }
        return hasMarker(t, from, to) || isTemplateWords(t, from, to);
    }

    /** Contains a placeholder marker: example, dummy, fake, sample, placeholder, redacted, your, xxxx, ..., ***. */
    static boolean hasMarker(CharSequence t, int from, int to) {
        for (String m : MARKERS) {
            if (containsIgnoreCase(t, m, from, to)) {
                return true;
            }
        }
        return false;
    }

    /** Made of template words only: two or more ({@code my_api_key}), or one in capitals ({@code TOKEN}). */
    static boolean isTemplateWords(CharSequence t, int from, int to) {
        if (hasWhitespace(t, from, to)) {
            return false; // "PRIVATE KEY" as a constant's text
        }
        int words = 0;
        boolean allCaps = true;
        int i = from;
        while (i < to) {
            char c = t.charAt(i);
            if (isDigit(c)) {
                return false;
            }
            if (!isLetter(c)) {
                i++;
                continue;
            }
            int s = i;
            while (i < to && isLetter(t.charAt(i))) {
                if (isLower(t.charAt(i))) {
                    allCaps = false;
                }
                i++;
            }
            if (!TEMPLATE_WORDS.contains(lowerCase(t, s, i))) {
                return false;
            }
            words++;
        }
        return words >= 2 || (words == 1 && allCaps && len(from, to) >= 3);
    }

    private static int len(int from, int to) {
        return to - from;
    }

    /**
     * Synthetic bodies: all the same character, runs of six or more equal characters,
     * sequences ({@code 1234567890abcdef}), or four distinct characters or fewer.
     */
    static boolean looksSynthetic(CharSequence t, int from, int to) {
        int n = 0;
        int pairs = 0;
        int steps = 0;
        int run = 1;
        int maxRun = 1;
        char prev = 0;
        boolean havePrev = false;
        long seenLo = 0;
        long seenHi = 0;
        int distinct = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (!isAlnum(c)) {
                havePrev = false;
                continue;
            }
            n++;
            char l = lower(c);
            int bit = l < 64 ? l : l - 64;
            if (l < 64) {
                if ((seenLo & (1L << bit)) == 0) {
                    seenLo |= 1L << bit;
                    distinct++;
                }
            } else if ((seenHi & (1L << bit)) == 0) {
                seenHi |= 1L << bit;
                distinct++;
            }
            if (havePrev) {
                pairs++;
                int d = c - prev;
                if (d == 0 || d == 1 || d == -1) {
                    steps++;
                }
                if (d == 0 && c != 'A') {
                    run++;
                    maxRun = Math.max(maxRun, run);
                } else {
                    run = 1;
                }
            }
            prev = c;
            havePrev = true;
        }
        if (n < 6) {
            return false;
        }
        if (maxRun >= 6) {
            return true;
        }
        if (distinct <= (n >= 12 ? 4 : 2)) {
            return true;
        }
        return pairs >= 7 && steps * 10 >= pairs * 6;
    }

    /** Keys published in vendors' documentation. */
    private static final Set<String> KNOWN_EXAMPLES = words(
            "AKIAIOSFODNN7EXAMPLE",
            "AKIAI44QH8DHBEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
            "sk_test_26PHem9AhJZvU623DfE1x4sd",
            "pk_test_TYooMQauvdEDq54NiTphI7jx",
            "pk_test_6pRNASCoBOKtIshFeQd4XMUh",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            // RFC 6749 / RFC 6750 examples
            "2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA", "czZCaGRSa3F0MzpnWDFmQmF0M2JW", "mF_9.B5f-4.1JqM",
            "SplxlOBeZQQYbYS6WxSbIA", "8xLOxBtZp8", "s6BhdRkqt3", "gX1fBat3bV");

    static boolean isKnownExample(CharSequence t, int from, int to) {
        int len = to - from;
        return len >= 10 && len <= 48 && KNOWN_EXAMPLES.contains(t.subSequence(from, to).toString());
    }

    /** {@code test}, {@code test123}, {@code demo}, {@code dummy1}: values written for tests and demos. */
    static boolean isTestValue(CharSequence t, int from, int to) {
        int e = to;
        while (e > from && isDigit(t.charAt(e - 1))) {
            e--;
        }
        String word = lowerCase(t, from, e);
        return e > from && (word.equals("test") || word.equals("testing") || word.equals("testtest") || word.equals("demo")
                || word.equals("dummy") || word.equals("fake") || word.equals("sample") || word.equals("example")
                || word.equals("foobar") || word.equals("test_") || word.equals("test-"));
    }

    /** Starts like a placeholder: xxx, XXX, ..., ***, &lt;…&gt;, your…, …, [ */
    static boolean startsLikePlaceholder(CharSequence t, int from, int to) {
        if (to - from < 3) {
            return false;
        }
        char c = t.charAt(from);
        if (c == '<' || c == '[' || c == '\u2026' || c == '{') {
            return true;
        }
        String head = lowerCase(t, from, Math.min(to, from + 4));
        return head.startsWith("xxx") || head.startsWith("...") || head.startsWith("***") || head.startsWith("your")
                || head.startsWith("\u2022\u2022\u2022") || head.startsWith("0000");
    }

    /** {@code SOCKS5_NO_ACCEPTABLE_AUTH}: an upper-case constant name. */
    static boolean looksLikeConstantName(CharSequence t, int from, int to) {
        boolean underscore = false;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c == '_') {
                if (i == from || t.charAt(i - 1) == '_') {
                    return false;
                }
                underscore = true;
            } else if (!(isUpper(c) || isDigit(c))) {
                return false;
            }
        }
        return underscore && isUpper(t.charAt(from));
    }

    /**
     * A key that has a vendor's format but is a documentation value: a published example, a
     * placeholder marker anywhere, or a synthetic body after the prefix.
     */
    static boolean isExampleKey(CharSequence t, int start, int end, int bodyStart) {
        return isKnownExample(t, start, end) || isPlaceholder(t, bodyStart, end) || looksSynthetic(t, bodyStart, end);
    }
}
