package dev.caravan.cache;

import static dev.caravan.cache.GuardLexicon.BIGRAMS;
import static dev.caravan.cache.GuardLexicon.BOUND_ONLY;
import static dev.caravan.cache.GuardLexicon.CARDINALS;
import static dev.caravan.cache.GuardLexicon.COMMON;
import static dev.caravan.cache.GuardLexicon.COMMON_STEMS;
import static dev.caravan.cache.GuardLexicon.COUNT_UNITS;
import static dev.caravan.cache.GuardLexicon.NEGATIONS;
import static dev.caravan.cache.GuardLexicon.ORDINALS;
import static dev.caravan.cache.GuardLexicon.SCALES;
import static dev.caravan.cache.GuardLexicon.TERMS;
import static dev.caravan.cache.GuardLexicon.TERM_STEMS;
import static dev.caravan.cache.GuardLexicon.UNITS;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the vocabularies say about one lower-case word, worked out once and cached: a prompt
 * repeats its words and prompts share most of theirs, so the per-word stemming, spelling
 * correction and table lookups run once per distinct word rather than once per occurrence. The
 * cache holds at most {@link #MAX_CACHED} words; beyond that, words are worked out every time.
 */
final class GuardWords {

    static final int MAX_CACHED = 50_000;

    /**
     * @param contextual  the reading depends on the neighbouring words (number words, "half", "mean", "list", "more"…)
     * @param negation    a negation cue
     * @param term        the closed-vocabulary id, or null
     * @param unit        the unit id, or null
     * @param unbound     the unit also counts when no number precedes it
     * @param common      a common word (function word, filler, light verb)
     * @param correction  the vocabulary word this is a misspelling of, or null
     * @param code        the {@link WordCode} of the word's root, for comparing content words
     */
    record Info(boolean contextual, boolean negation, String term, String unit, boolean unbound, boolean common,
            String correction, long code) {
    }

    private static final Set<String> CONTEXTUAL_WORDS = Set.of("a", "first", "second", "third", "half", "halves",
            "quarter", "quarters", "mean", "x", "more", "most", "less", "least", "no", "list", "lots", "plenty", "lot",
            "few", "little", "one");
    private static final Set<String> BIGRAM_STARTS = new HashSet<>();
    private static final ConcurrentHashMap<String, Info> CACHE = new ConcurrentHashMap<>();

    static {
        for (String bigram : BIGRAMS.keySet()) {
            BIGRAM_STARTS.add(bigram.substring(0, bigram.indexOf(' ')));
        }
    }

    private GuardWords() {
    }

    static Info of(String w) {
        Info info = CACHE.get(w);
        if (info == null) {
            info = compute(w);
            if (CACHE.mappingCount() < MAX_CACHED) {
                CACHE.putIfAbsent(w, info);
            }
        }
        return info;
    }

    static boolean common(String w) {
        return COMMON.contains(w) || COMMON_STEMS.contains(GuardStemmer.stem(w));
    }

    private static Info compute(String w) {
        boolean contextual = CONTEXTUAL_WORDS.contains(w) || BIGRAM_STARTS.contains(w) || CARDINALS.containsKey(w)
                || ORDINALS.containsKey(w) || SCALES.containsKey(w);
        boolean negation = NEGATIONS.contains(w) || w.endsWith("n't");
        boolean common = common(w);
        String term = TERMS.get(w);
        if (term == null && !common) {
            term = TERM_STEMS.get(GuardStemmer.stem(w));
        }
        String unit = UNITS.get(w);
        boolean unbound = unit != null && !BOUND_ONLY.contains(w) && !COUNT_UNITS.contains(unit);
        String correction = term == null && !common && !negation ? GuardSpelling.correct(w) : null;
        return new Info(contextual, negation, term, unit, unbound, common, correction, contentCode(w));
    }

    private static final Set<String> EE_NOT_A_ROLE = Set.of("coffee", "committee", "guarantee", "degree", "agree",
            "disagree", "pedigree", "toffee", "jubilee", "chimpanzee", "dungaree", "lychee");

    /**
     * The {@link WordCode} of a content word's root. A person on the receiving end ("employee",
     * "lessee", "payee", "trainee") gets an exact code rather than a letter-shape: it is one letter
     * from the one acting ("employer", "lessor", "payer", "trainer"), which the shape would forgive
     * as a typo.
     */
    static long contentCode(String w) {
        String singular = w.endsWith("ees") ? w.substring(0, w.length() - 1) : w;
        if (singular.length() >= 6 && singular.endsWith("ee") && !EE_NOT_A_ROLE.contains(singular)) {
            return WordCode.of(singular + "#");
        }
        return WordCode.of(GuardStemmer.root(w));
    }
}
