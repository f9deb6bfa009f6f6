package dev.caravan.cache;

import org.springframework.stereotype.Component;

/**
 * Vetoes semantic-cache hits between prompts that embed alike but ask different things.
 *
 * <p><b>Why.</b> all-MiniLM-L6-v2 puts "What is 15% of 80?" and "What is 15% of 90?", "Translate
 * to French" and "Translate to German", "from Paris to Rome" and "from Rome to Paris", "is X safe"
 * and "is X not safe" above 0.95 cosine: a sentence embedding averages the words, and the words
 * that decide the answer are few. A wrong cached answer costs more than a miss, so next to each
 * vector we keep a small fingerprint of exactly those words and serve a hit only when the two
 * fingerprints agree. The guard only ever turns hits into misses.
 *
 * <p><b>What must agree.</b>
 * <ul>
 * <li><i>Numbers</i>, as a multiset, and in the same order among numbers of one kind: digits,
 *     decimals ({@code 2.50} = {@code 2.5}, {@code 1,000} = {@code 1000}), fractions, number words
 *     ("twenty-five", "two hundred and six", "a dozen", "1.5 million", "half" = {@code 1/2}),
 *     ordinals ("third" = "3rd", apart from "3"). A number carries the unit written right after it
 *     ({@code 15%} = "15 percent", {@code 5km} = "5 kilometres", {@code $5} = "5 dollars",
 *     {@code 7pm}), which tells "15% of 80" from "80% of 15" and "5 miles in km" from "5 km in
 *     miles". "one" as a pronoun and "second" as time are not numbers.</li>
 * <li><i>Terms</i>, as a set, from closed vocabularies: natural and programming languages, units
 *     with no number, formats (table, list, json, csv, poem, summary, bold…), and words with an
 *     opposite (increase/decrease, min/max, cheapest/most expensive, ascending/descending, buy/sell,
 *     add/remove, encrypt/decrypt, before/after, safe/dangerous, all, lots/few…). Synonyms share an
 *     id and opposites never do; "less/least X" reads as the opposite of X; inflections are found
 *     by stem ("loving" = "love").</li>
 * <li><i>Negation</i>: how many of not, n't, no, never, none, without, except, neither, nor….</li>
 * <li><i>Code and quotes</i>: fenced code blocks must be the same (whitespace aside); quoted text
 *     must be the same when both prompts quote something (case and punctuation aside): a
 *     paraphrase often drops the quotes, and the quoted words count as words anyway.</li>
 * <li><i>Entities</i>: capitalised words that are not common words (a sentence's first word only
 *     if it is not also used in lower case), and identifiers (CamelCase, snake_case, dotted names,
 *     words with digits, URLs, paths). Casing is no evidence across paraphrases ("france" vs
 *     "France"), so the check is containment: each entity of one prompt must be among the words of
 *     the other.</li>
 * <li><i>Roles</i>, where order carries meaning: the item after "from" is a source, after
 *     "to/into/towards" a destination (the item right before "to", if of the same sort, a source:
 *     "Paris to Rome", "miles to km"), after "than" and "vs" a compared item, and the operands of
 *     minus, divided by, power and mod left and right. When both prompts have roles, a role both
 *     use must be on the same items and no item may change role. Besides, the words after one
 *     preposition keep their order ("9 am in London, time in Sydney" is not the reverse), while
 *     fronting and "Germany's GDP" for "the GDP of Germany" stay allowed.</li>
 * <li><i>No single swap</i>: if exactly one uncommon word on each side has no counterpart on the
 *     other ("care for a cactus" vs "an orchid", "time complexity" vs "space complexity"), it is
 *     one thing asked about instead of another. That is the near miss casing cannot reveal, and a
 *     paraphrase rarely changes exactly one content word and nothing else.</li>
 * <li><i>No small change</i>: aligned in order (longest common subsequence, typos forgiven), the
 *     uncommon words and terms of the two prompts differ by a few words replaced (up to two, or a
 *     fifth of the words kept, each side), by one phrase rewritten in an otherwise unchanged prompt
 *     ("for new employees" / "for the finance staff who process claims"), or by a word's number
 *     alone ("a new team member" / "new team members"; not where one prompt asks with "does" and
 *     the other does not). A word only added or only dropped is left alone: filler.</li>
 * <li><i>Comparators</i> bind to their number: "over 30" = "more than 30" is not "under 30";
 *     "at least 2" = "2 or more" is not "at most 2".</li>
 * <li><i>What is negated</i>: each negation must be about something the other prompt also negates
 *     ("no class components" / "no hooks"); "non-" counts as a negation.</li>
 * <li><i>Relative periods</i>: "this", "next" and "last" before a period ("weekend", "quarter",
 *     "Monday") are terms.</li>
 * <li><i>Directional particles</i>: as many "up", "down", "out", "off" and "against" ("round
 *     up" / "round down", "zoom in" / "zoom out").</li>
 * <li><i>Order</i>, also where both prompts have roles (the words with a role left out), unless one
 *     phrase of two or more words moved, the whole prompt rotated, "X in Y" became "Y X", or one
 *     prompt is passive with an agent ("was approved by our CFO") and the other not.</li>
 * </ul>
 *
 * <p><b>Strictness</b> ({@link Strictness}): the {@code strict} guard, the default, also needs the
 * same uncommon words, each as often and in the same number, apart from filler set off by a comma
 * or a sentence break at the very beginning or end ({@link GuardFingerprint#sameContent}). It turns
 * synonyms and abbreviations into misses, which cost little (the embedding rarely puts them above
 * 0.95 anyway), and catches added qualifiers ("a good budget laptop") and replaced phrases the
 * rules above have no vocabulary for.
 *
 * <p><b>Measured</b> (docs/benchmarks.md, {@code SemanticCacheEvaluationTest}): each held-out set
 * was written by someone who saw neither the guard nor the other sets, and measured once before
 * the guard was changed after it. Blind false hits of the standard rules stayed at 3–5 % through
 * four rounds; the strict guard's first blind measurement was 3 of 250 (1.2 %), with half the
 * paraphrases served. Words are compared by {@link WordCode}: stemmed ("matches" = "match",
 * "pregnancy" = "pregnant") and forgiving one typo (a swapped, dropped or doubled letter); misspelt
 * vocabulary words of six letters or more are corrected ("recieve", "wihtout", see {@link
 * GuardSpelling}); a person on the receiving end ("employee", "lessee") is never a typo of the one
 * acting ("employer", "lessor"). Filler, politeness and light verbs are common words and count for
 * nothing.
 *
 * <p><b>Fingerprint.</b> {@code v3|n:15%,80|t:french|g:1|q:…|e:…|r:…|o:…|w:…|c:…|s:…|p:…|x:…|d:1|v:1|l:…}
 * (see {@link GuardFingerprint}), empty fields left out, so an empty prompt is {@code v3|}. Numbers
 * and terms are readable (short, closed vocabularies); quotes, code, roles, slots and negated items
 * are 48-bit hashes; entities and words are 36-bit {@link WordCode}s
 * (a word's length and letter set, or a hash for identifiers), so no prompt text is stored, though
 * the letter set of a word is. A 2 KB prompt's fingerprint is a few hundred bytes. A list longer
 * than 64 items (160 for words) collapses into the hash of its content, which bounds any
 * fingerprint (under 6 KB) and still compares by equality, though no longer by containment. Any
 * change to the rules or the vocabularies changes fingerprints and needs a new version; a fingerprint of another version is never compatible, so an upgrade costs
 * misses until entries are rewritten, never wrong answers.
 *
 * <p><b>Known limits.</b> An antonym or alternative outside the vocabularies ("fall" vs "built")
 * is left to the embedding, as are swaps of two or more words ("marketing manager" vs "software
 * engineer"). A paraphrase that changes one content word for a synonym we do not list ("height"
 * for "tall", "CV" for "resume") or a guarded word for an unlisted synonym is a miss. Roles come
 * from a window of a few words, not from parsing; subject and object swapped without a
 * preposition ("Did Brutus kill Caesar", "my manager gives me feedback" / "I give my manager
 * feedback", "they owe us" / "we owe them") pass, as do changes carried by common words alone
 * ("each month" / "any month", "old" and "new" traded). English only.
 *
 * <p>Stateless and thread-safe (a bounded cache of per-word facts is shared, see
 * {@link GuardWords}). A 2 KB prompt takes about 66 µs (median) to fingerprint, a failing check about
 * 6 µs and a strict check that passes every rule about 49 µs ({@code SemanticGuardBenchmark}).
 */
@Component
public final class SemanticGuard {

    /** The prefix of every fingerprint this version writes and the only one it accepts. */
    public static final String VERSION = GuardFingerprint.VERSION;

    /** What is stored with a prompt and must be compatible for a semantic hit: compact, no raw prompt text beyond the extracted tokens. */
    public String fingerprint(String prompt) {
        return GuardFingerprint.of(new GuardExtractor(prompt).run()).encode();
    }

    /** Whether an answer stored for a prompt with fingerprint {@code stored} may answer a prompt with fingerprint {@code lookup}. */
    public boolean compatible(String stored, String lookup) {
        return compatible(stored, lookup, Strictness.STANDARD);
    }

    /** As {@link #compatible(String, String)}, at the given strictness. */
    public boolean compatible(String stored, String lookup, Strictness strictness) {
        GuardFingerprint a = GuardFingerprint.parse(stored);
        GuardFingerprint b = GuardFingerprint.parse(lookup);
        return a != null && b != null && a.compatibleWith(b)
                && (strictness == Strictness.STANDARD || a.sameContent(b));
    }

    /**
     * How much rewording a semantic hit may have. {@link #STRICT} (the default) also needs the same
     * uncommon words, each as often and in the same number, apart from filler added at the
     * beginning or end ({@link GuardFingerprint#sameContent}); {@link #STANDARD} lets other words
     * through when the rules above find nothing against them.
     */
    public enum Strictness { STRICT, STANDARD }
}
