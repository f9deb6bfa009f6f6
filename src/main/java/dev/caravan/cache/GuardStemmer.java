package dev.caravan.cache;

/**
 * A light suffix stripper so that "matches" meets "match", "renting" meets "rent" and "studies"
 * meets "studied": plural and verb endings, a doubled final consonant, a final e, y as i. Not a
 * linguistic stemmer; it only has to treat both prompts of a pair alike. Words with anything but
 * a–z are returned as they are.
 */
final class GuardStemmer {

    private GuardStemmer() {
    }

    static String stem(String w) {
        int n = w.length();
        for (int i = 0; i < n; i++) {
            char c = w.charAt(i);
            if (c < 'a' || c > 'z') {
                return w;
            }
        }
        if (n <= 3) {
            return w;
        }
        String s = w;
        if (s.endsWith("ies") && n > 4) {
            s = s.substring(0, n - 3) + "y";
        } else if (s.endsWith("sses")) {
            s = s.substring(0, n - 2);
        } else if (s.endsWith("es") && n > 4 && endsWithSibilant(s.substring(0, n - 2))) {
            s = s.substring(0, n - 2);
        } else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            s = s.substring(0, n - 1);
        }
        if (s.endsWith("ing") && s.length() - 3 >= 3) {
            s = undouble(s.substring(0, s.length() - 3));
        } else if (s.endsWith("ed") && s.length() - 2 >= 3) {
            s = undouble(s.substring(0, s.length() - 2));
        }
        if (s.length() > 3 && s.endsWith("e")) {
            s = s.substring(0, s.length() - 1);
        } else if (s.length() > 3 && s.endsWith("y")) {
            s = s.substring(0, s.length() - 1) + "i";
        }
        return s;
    }

    /**
     * {@link #stem} and then one derivational ending, as long as four letters remain: "pregnancy"
     * and "pregnant", "development" and "develop", "quickly" and "quick", "security" and "secure"
     * meet. Used only to compare content words, never to look words up.
     */
    static String root(String w) {
        String s = stem(w);
        if (s == w && !isLetters(w)) {
            return w;
        }
        for (String ending : DERIVATIONAL) {
            if (s.endsWith(ending) && s.length() - ending.length() >= 4) {
                return s.substring(0, s.length() - ending.length());
            }
        }
        return s;
    }

    private static final String[] DERIVATIONAL = {"ness", "ment", "anci", "enci", "ion", "iti", "anc", "enc", "ant",
        "ent", "li", "al"};

    private static boolean isLetters(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (w.charAt(i) < 'a' || w.charAt(i) > 'z') {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithSibilant(String s) {
        return s.endsWith("s") || s.endsWith("x") || s.endsWith("z") || s.endsWith("ch") || s.endsWith("sh");
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "aeioulsz".indexOf(s.charAt(n - 1)) < 0) {
            return s.substring(0, n - 1);
        }
        return s;
    }
}
