package dev.caravan.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * A glob with Redis's syntax ({@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}, {@code \}
 * escapes), so that the in-process cache selects exactly the entries a Redis {@code SCAN MATCH}
 * would. Parsed once; matching is the classic two-pointer walk that backtracks only to the
 * last {@code *} (at most pattern × text steps), with no regular expression and no recursion.
 * Redis compares bytes and this compares chars; they agree on cache paths, which are ASCII
 * ({@link CacheScopes#encode}).
 *
 * <p>Quirks kept from Redis's {@code stringmatchlen}: a {@code \} at the very end matches a
 * backslash; {@code []} matches nothing; an unclosed {@code [} takes the rest of the pattern as
 * its set; in {@code [z-a]} the bounds are swapped.
 */
final class RedisGlob {

    private sealed interface Token permits Literal, AnyChar, AnyRun, CharSet {
    }

    private record Literal(char c) implements Token {
    }

    private record AnyChar() implements Token {
    }

    private record AnyRun() implements Token {
    }

    /** {@code ranges} holds inclusive pairs: {@code [from0, to0, from1, to1, ...]}. */
    private record CharSet(char[] ranges, boolean negated) implements Token {
        boolean contains(char c) {
            boolean found = false;
            for (int i = 0; i < ranges.length && !found; i += 2) {
                found = c >= ranges[i] && c <= ranges[i + 1];
            }
            return found != negated;
        }
    }

    private final String pattern;
    private final Token[] tokens;

    private RedisGlob(String pattern, Token[] tokens) {
        this.pattern = pattern;
        this.tokens = tokens;
    }

    static RedisGlob compile(String pattern) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (tokens.isEmpty() || !(tokens.get(tokens.size() - 1) instanceof AnyRun)) {
                    tokens.add(new AnyRun());
                }
                i++;
            } else if (c == '?') {
                tokens.add(new AnyChar());
                i++;
            } else if (c == '\\' && i + 1 < n) {
                tokens.add(new Literal(pattern.charAt(i + 1)));
                i += 2;
            } else if (c == '[') {
                i = parseSet(pattern, i + 1, tokens);
            } else {
                tokens.add(new Literal(c));
                i++;
            }
        }
        return new RedisGlob(pattern, tokens.toArray(Token[]::new));
    }

    /** Parses the set after a {@code [}; returns the index after its {@code ]} (or the end). */
    private static int parseSet(String pattern, int start, List<Token> tokens) {
        int n = pattern.length();
        int i = start;
        boolean negated = i < n && pattern.charAt(i) == '^';
        if (negated) {
            i++;
        }
        StringBuilder ranges = new StringBuilder();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char escaped = pattern.charAt(i + 1);
                ranges.append(escaped).append(escaped);
                i += 2;
            } else if (c == ']') {
                i++;
                break;
            } else if (i + 2 < n && pattern.charAt(i + 1) == '-') {
                char from = c;
                char to = pattern.charAt(i + 2);
                ranges.append((char) Math.min(from, to)).append((char) Math.max(from, to));
                i += 3;
            } else {
                ranges.append(c).append(c);
                i++;
            }
        }
        tokens.add(new CharSet(ranges.toString().toCharArray(), negated));
        return i;
    }

    boolean matches(String text) {
        int t = 0;
        int p = 0;
        int starToken = -1;
        int starText = -1;
        while (t < text.length()) {
            if (p < tokens.length && tokens[p] instanceof AnyRun) {
                starToken = p++;
                starText = t;
            } else if (p < tokens.length && matchesOne(tokens[p], text.charAt(t))) {
                p++;
                t++;
            } else if (starToken >= 0) {
                p = starToken + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < tokens.length && tokens[p] instanceof AnyRun) {
            p++;
        }
        return p == tokens.length;
    }

    private static boolean matchesOne(Token token, char c) {
        if (token instanceof Literal literal) {
            return literal.c() == c;
        }
        if (token instanceof CharSet set) {
            return set.contains(c);
        }
        return token instanceof AnyChar;
    }

    /** {@code text} with every glob character escaped, e.g. a key prefix put in front of a pattern. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
