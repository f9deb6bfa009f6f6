package dev.caravan.cache;

import dev.caravan.cache.GuardExtractor.Kind;
import dev.caravan.cache.GuardExtractor.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The decoded form of a {@link SemanticGuard} fingerprint. Lists are in a canonical order, so
 * "the same" is string equality; a list longer than its limit is replaced by {@code #} and the
 * hash of its content, which still compares by equality.
 *
 * @param numbers   canonical numbers with their units ({@code 15%}, {@code 5km}, {@code o2} for "second"), grouped by
 *                  unit, in order of appearance within a unit: so equal means the same multiset and,
 *                  among numbers of one kind, the same order ("gives 2 of 5 apples" is not "gives 5 of 2")
 * @param terms     sorted distinct closed-vocabulary ids (languages, units, formats, one side of an opposite pair)
 * @param negations how many negation cues
 * @param quotes    sorted distinct hashes of quoted spans ({@code q}…) and code blocks ({@code c}…)
 * @param entities  sorted distinct {@link WordCode}s of names and identifiers
 * @param roles     sorted distinct role letter + hash of the item it is attached to
 * @param slots     for each preposition followed by two or more words, those words' hashes in order ({@code in.}…)
 * @param words     sorted distinct {@link WordCode}s of every uncommon word (entities included), at most {@link #MAX_WORDS}
 * @param connectives how many "and" and how many "or", e.g. {@code a2o1} ("filters by a and b" is not "a or b")
 * @param sequence  the {@link WordCode}s of the uncommon words in the order written (empty beyond {@link #MAX_WORDS})
 */
record GuardFingerprint(String numbers, String terms, int negations, String quotes, String entities, String roles,
        String slots, String words, String connectives, String sequence) {

    /** v2 added {@code connectives} and {@code sequence} (the order rules, see {@link #compatibleWith}). */
    static final String VERSION = "v2";
    static final int MAX_LIST = 64;
    static final int MAX_WORDS = 160;

    static GuardFingerprint of(GuardExtractor x) {
        List<String> numbers = new ArrayList<>();
        TreeSet<String> terms = new TreeSet<>();
        TreeSet<String> entities = new TreeSet<>();
        TreeSet<String> roles = new TreeSet<>();
        TreeSet<String> words = new TreeSet<>();
        List<String> sequence = new ArrayList<>();
        int ands = 0;
        int ors = 0;
        int negations = 0;
        for (Unit u : x.units) {
            ands += "and".equals(u.lower) ? 1 : 0;
            ors += "or".equals(u.lower) ? 1 : 0;
            if (u.kind == Kind.WORD || u.kind == Kind.ENTITY) {
                sequence.add(WordCode.encode(u.code));
            }
            switch (u.kind) {
                case NUM -> numbers.add(u.key);
                case TERM -> terms.add(u.lower);
                case NEG -> negations++;
                case ENTITY -> {
                    String code = WordCode.encode(u.code);
                    entities.add(code);
                    words.add(code);
                }
                case WORD -> words.add(WordCode.encode(u.code));
                default -> {
                }
            }
            if (u.role != 0) {
                String item = u.kind == Kind.NUM ? "n:" + u.lower : u.kind == Kind.TERM ? "t:" + u.lower
                        : "w:" + GuardStemmer.stem(u.lower);
                roles.add(u.role + GuardHash.encode48(GuardHash.of(item)));
            }
        }
        numbers.sort(Comparator.comparing(GuardFingerprint::unitOf));
        List<String> slots = new ArrayList<>();
        x.slots.forEach((preposition, items) -> items.forEach(
                item -> slots.add(preposition + "." + GuardHash.encode48(GuardHash.of(item)))));
        return new GuardFingerprint(list(numbers, ",", MAX_LIST), list(terms, ",", MAX_LIST), negations,
                list(new TreeSet<>(x.quotes), ",", MAX_LIST), list(entities, "", MAX_LIST), list(roles, ",", MAX_LIST),
                list(slots, ",", MAX_LIST), list(words, "", MAX_WORDS),
                ands + ors == 0 ? "" : "a" + ands + "o" + ors,
                sequence.size() > MAX_WORDS ? "" : String.join("", sequence));
    }

    /** What a canonical number is counted in: {@code %} for {@code 15%}, {@code km} for {@code 5km}, {@code o} for an ordinal, empty for a plain number. */
    private static String unitOf(String number) {
        if (number.startsWith("o")) {
            return "o";
        }
        int k = 0;
        while (k < number.length() && (Character.isDigit(number.charAt(k)) || number.charAt(k) == '.'
                || number.charAt(k) == '-' || number.charAt(k) == '/')) {
            k++;
        }
        return number.substring(k);
    }

    private static String list(Iterable<String> items, String separator, int max) {
        StringBuilder b = new StringBuilder();
        int count = 0;
        for (String item : items) {
            if (count++ > 0) {
                b.append(separator);
            }
            b.append(item);
        }
        return count > max ? "#" + GuardHash.encode48(GuardHash.of(b.toString())) : b.toString();
    }

    /** {@code v1|n:..|t:..|g:..|q:..|e:..|r:..|o:..|w:..}, empty fields left out. */
    String encode() {
        StringBuilder b = new StringBuilder(64 + words.length()).append(VERSION).append('|');
        field(b, 'n', numbers);
        field(b, 't', terms);
        field(b, 'g', negations == 0 ? "" : Integer.toString(negations));
        field(b, 'q', quotes);
        field(b, 'e', entities);
        field(b, 'r', roles);
        field(b, 'o', slots);
        field(b, 'w', words);
        field(b, 'c', connectives);
        field(b, 's', sequence);
        return b.toString();
    }

    private static void field(StringBuilder b, char key, String value) {
        if (!value.isEmpty()) {
            if (b.charAt(b.length() - 1) != '|') {
                b.append('|');
            }
            b.append(key).append(':').append(value);
        }
    }

    /** The fingerprint, or null when it is not one of this version. */
    static GuardFingerprint parse(String s) {
        if (s == null || !s.startsWith(VERSION + "|")) {
            return null;
        }
        String numbers = "";
        String terms = "";
        int negations = 0;
        String quotes = "";
        String entities = "";
        String roles = "";
        String slots = "";
        String words = "";
        String connectives = "";
        String sequence = "";
        int at = VERSION.length() + 1;
        while (at < s.length()) {
            int end = s.indexOf('|', at);
            end = end < 0 ? s.length() : end;
            if (end - at < 2 || s.charAt(at + 1) != ':') {
                return null;
            }
            String value = s.substring(at + 2, end);
            switch (s.charAt(at)) {
                case 'n' -> numbers = value;
                case 't' -> terms = value;
                case 'g' -> {
                    try {
                        negations = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                case 'q' -> quotes = value;
                case 'e' -> entities = value;
                case 'r' -> roles = value;
                case 'o' -> slots = value;
                case 'w' -> words = value;
                case 'c' -> connectives = value;
                case 's' -> sequence = value;
                default -> {
                    return null;
                }
            }
            at = end + 1;
        }
        if (!WordCode.validList(entities) || !WordCode.validList(words) || !WordCode.validList(sequence)) {
            return null;
        }
        return new GuardFingerprint(numbers, terms, negations, quotes, entities, roles, slots, words, connectives, sequence);
    }

    /** See {@link SemanticGuard#compatible}: the checks, cheapest first. */
    boolean compatibleWith(GuardFingerprint other) {
        if (!(numbers.equals(other.numbers)
                && terms.equals(other.terms)
                && negations == other.negations
                && quotesAgree(quotes, other.quotes)
                && rolesAgree(roles, other.roles)
                && slotsAgree(slots, other.slots)
                && connectives.equals(other.connectives)
                // where both have roles (from/to, into, than…), those already judged the order
                && (orderAgrees(sequence, other.sequence) || !roles.isEmpty() && !other.roles.isEmpty()))) {
            return false;
        }
        long[] myEntities = WordCode.decodeAll(entities);
        long[] theirEntities = WordCode.decodeAll(other.entities);
        long[] myWords = WordCode.decodeAll(words);
        long[] theirWords = WordCode.decodeAll(other.words);
        Arrays.sort(myWords);
        Arrays.sort(theirWords);
        return entitiesIn(myEntities, other, theirWords)
                && other.entitiesIn(theirEntities, this, myWords)
                && !oneWordSwapped(myWords, theirWords)
                && !fewWordsReplaced(sequence, other.sequence);
    }

    /**
     * One or two uncommon words replaced in an otherwise unchanged run of words: "counts the
     * invoices per month based on issued_at" / "… based on due_at" (both columns named earlier in
     * both prompts), "each country's revenue" / "each customer's", "apologetic and empathetic" /
     * "firm and factual" in a long instruction. The set-based rule above cannot see these when
     * the replacing word occurs elsewhere in the prompt; an alignment of the two word sequences
     * (longest common subsequence, typos forgiven) can. A paraphrase that changes only one or two
     * content words and keeps every other in place is rare; a near miss is usually exactly that.
     * The same words in another order are left to {@link #orderAgrees}.
     */
    static final int MIN_KEPT_IN_PLACE = 4;

    static boolean fewWordsReplaced(String a, String b) {
        if (a.isEmpty() || b.isEmpty() || a.equals(b)) {
            return false;
        }
        long[] x = WordCode.decodeAll(a);
        long[] y = WordCode.decodeAll(b);
        if (x.length == 0 || y.length == 0) {
            return false;
        }
        long[] xs = x.clone();
        long[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        if (Arrays.equals(xs, ys)) {
            return false;
        }
        int common = commonSubsequence(x, y);
        int replacedX = x.length - common;
        int replacedY = y.length - common;
        // only where most words stay in place: in a short prompt ("Name three desert animals" /
        // "Which three animals live in deserts?") one moved or added word is a paraphrase's freedom
        return common >= MIN_KEPT_IN_PLACE && replacedX >= 1 && replacedX <= 2 && replacedY >= 1 && replacedY <= 2;
    }

    /** Length of the longest common subsequence, words compared up to a typo ({@link WordCode#same}). */
    private static int commonSubsequence(long[] x, long[] y) {
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (long wx : x) {
            for (int j = 1; j <= y.length; j++) {
                current[j] = WordCode.same(wx, y[j - 1]) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length];
    }

    /**
     * The same uncommon words in another order ask something else ("Acme sued Globex" / "Globex
     * sued Acme", "merge the feature branch into main" / "main into the feature branch", "exchange
     * rather than refund" / "refund rather than exchange"), unless one part was only moved from
     * the front to the back ("In Python, how do I reverse a list" / "how do I reverse a list in
     * Python"), which is a rotation of the sequence. Prompts whose words differ are left to the
     * other rules: a paraphrase with other words says nothing about order.
     */
    static boolean orderAgrees(String a, String b) {
        if (a.isEmpty() || b.isEmpty() || a.equals(b)) {
            return true;
        }
        long[] x = WordCode.decodeAll(a);
        long[] y = WordCode.decodeAll(b);
        if (x.length != y.length) {
            return true;
        }
        long[] xs = x.clone();
        long[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        if (!Arrays.equals(xs, ys)) {
            return true;
        }
        for (int shift = 1; shift < x.length; shift++) {
            boolean rotation = true;
            for (int i = 0; i < x.length && rotation; i++) {
                rotation = x[(i + shift) % x.length] == y[i];
            }
            if (rotation) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every entity of this prompt is a word of the other one, in any case and up to a typo:
     * casing is no evidence across paraphrases ("france" vs "France"). Lists too long to keep
     * compare by equality.
     */
    private boolean entitiesIn(long[] mine, GuardFingerprint other, long[] theirWords) {
        if (entities.isEmpty()) {
            return true;
        }
        if (entities.startsWith("#") || other.entities.startsWith("#") || other.words.startsWith("#")) {
            return entities.equals(other.entities);
        }
        for (long e : mine) {
            if (!WordCode.anySame(e, theirWords)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The words after one preposition, when both prompts have the same ones, come in the same
     * order: "the time in Sydney when it is 9 am in London" is not the reverse. Different
     * prepositions may move freely ("In March, the weather in Paris"; "With Helm, deploy in
     * Kubernetes"), as may the other words (fronting, "Germany's GDP" for "the GDP of Germany").
     */
    static boolean slotsAgree(String a, String b) {
        if (a.equals(b) || a.isEmpty() || b.isEmpty()) {
            return true;
        }
        if (a.startsWith("#") || b.startsWith("#")) {
            return false;
        }
        Map<String, List<String>> mine = bySlot(a);
        Map<String, List<String>> theirs = bySlot(b);
        for (Map.Entry<String, List<String>> e : mine.entrySet()) {
            List<String> other = theirs.get(e.getKey());
            if (other != null && !other.equals(e.getValue())
                    && new TreeSet<>(other).equals(new TreeSet<>(e.getValue())) && other.size() == e.getValue().size()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<String>> bySlot(String list) {
        Map<String, List<String>> map = new HashMap<>();
        for (String entry : list.split(",")) {
            int dot = entry.indexOf('.');
            if (dot > 0) {
                map.computeIfAbsent(entry.substring(0, dot), p -> new ArrayList<>()).add(entry.substring(dot + 1));
            }
        }
        return map;
    }

    /**
     * Exactly one uncommon word on each side without a counterpart on the other: one thing swapped
     * for another ("care for a cactus" vs "care for an orchid", "speed of sound in air" vs "in
     * water"), the near miss that casing cannot reveal. A paraphrase rarely changes exactly one
     * content word and nothing else; typos do, and {@link WordCode} forgives those.
     */
    private static boolean oneWordSwapped(long[] mine, long[] theirs) {
        if (mine.length == 0 || theirs.length == 0) {
            return false;
        }
        return unmatched(mine, theirs) == 1 && unmatched(theirs, mine) == 1;
    }

    private static int unmatched(long[] words, long[] in) {
        int count = 0;
        for (long w : words) {
            if (Arrays.binarySearch(in, w) < 0 && !WordCode.anySame(w, in) && ++count > 1) {
                return count;
            }
        }
        return count;
    }

    /**
     * Code blocks ({@code c}…) must be the same. Quoted text ({@code q}…) must be the same when
     * both prompts quote something: quoting is often dropped in a paraphrase ("Translate 'hi'" vs
     * "Translate hi"), and the quoted words still count as numbers, terms and entities.
     */
    static boolean quotesAgree(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.startsWith("#") || b.startsWith("#")) {
            return false;
        }
        return only(a, 'c').equals(only(b, 'c')) && (!has(a, 'q') || !has(b, 'q') || only(a, 'q').equals(only(b, 'q')));
    }

    private static boolean has(String list, char kind) {
        return list.startsWith(String.valueOf(kind)) || list.contains("," + kind);
    }

    private static String only(String list, char kind) {
        StringBuilder b = new StringBuilder();
        for (String item : list.split(",")) {
            if (!item.isEmpty() && item.charAt(0) == kind) {
                b.append(item).append(',');
            }
        }
        return b.toString();
    }

    /**
     * Roles matter only when both prompts have some. Then a role both use must be on the same
     * items ("than Java" vs "than Python"), and no item may have one role here and another there
     * ("from Rome" vs "to Rome").
     */
    static boolean rolesAgree(String a, String b) {
        if (a.isEmpty() || b.isEmpty() || a.equals(b)) {
            return true;
        }
        if (a.startsWith("#") || b.startsWith("#")) {
            return false;
        }
        Map<String, Character> roleOfA = new HashMap<>();
        Map<Character, TreeSet<String>> itemsOfA = new HashMap<>();
        split(a, roleOfA, itemsOfA);
        Map<String, Character> roleOfB = new HashMap<>();
        Map<Character, TreeSet<String>> itemsOfB = new HashMap<>();
        split(b, roleOfB, itemsOfB);
        for (Map.Entry<Character, TreeSet<String>> e : itemsOfA.entrySet()) {
            TreeSet<String> there = itemsOfB.get(e.getKey());
            if (there != null && !there.equals(e.getValue())) {
                return false;
            }
        }
        for (Map.Entry<String, Character> e : roleOfA.entrySet()) {
            Character there = roleOfB.get(e.getKey());
            if (there != null && !there.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void split(String list, Map<String, Character> roleOf, Map<Character, TreeSet<String>> itemsOf) {
        for (String entry : list.split(",")) {
            if (entry.length() < 2) {
                continue;
            }
            char role = entry.charAt(0);
            String item = entry.substring(1);
            roleOf.merge(item, role, (x, y) -> x);
            itemsOf.computeIfAbsent(role, r -> new TreeSet<>()).add(item);
        }
    }
}
