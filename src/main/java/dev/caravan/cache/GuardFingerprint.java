package dev.caravan.cache;

import dev.caravan.cache.GuardExtractor.Kind;
import dev.caravan.cache.GuardExtractor.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * @param connectives how many "and" and how many "or", e.g. {@code a2o1} ("filters by a and b" is not "a or b"), then
 *                  how many of each directional particle, e.g. {@code u1} for one "up" ("round up" is not "round
 *                  down", "zoom in" not "zoom out", "an essay for uniforms" not "against uniforms")
 * @param sequence  the {@link WordCode}s of the uncommon words and terms in the order written (empty beyond {@link #MAX_WORDS})
 * @param forms     for each word of {@code sequence}, one letter (see {@link Form}): its number, whether it is a
 *                  term and whether it has a role
 * @param negated   for each negation, the sorted hashes of what it is about (the items and content words right
 *                  after it) joined by {@code .}; the groups sorted
 * @param doSupport whether the prompt uses "do", "does" or "did" (a question or negation with do-support: "what
 *                  does it protect" has the verb bare where "tell me what it protects" has not)
 * @param passive   whether the prompt has a passive with an agent ("was approved by our CFO")
 * @param linked    for each word of {@code sequence}, {@code 2} if a sentence or clause break comes before it (since
 *                  the previous word), else {@code 1} if a preposition comes right before it ("a branch in git"), else
 *                  {@code 0}; empty when all are {@code 0}
 */
record GuardFingerprint(String numbers, String terms, int negations, String quotes, String entities, String roles,
        String slots, String words, String connectives, String sequence, String forms, String negated, boolean doSupport,
        boolean passive, String linked) {

    /**
     * v2 added {@code connectives} and {@code sequence} (the order rules, see {@link #compatibleWith});
     * v3 added {@code forms} and {@code negated}, comparators on numbers ({@code 30^gt}) and exact
     * codes for "-ee" words.
     */
    static final String VERSION = "v3";
    static final int MAX_LIST = 64;
    private static final Set<String> LINKING_PREPOSITIONS = Set.of("in", "of", "for", "on", "from", "at",
            "with", "to", "into");
    static final int MAX_WORDS = 160;

    static GuardFingerprint of(GuardExtractor x) {
        List<String> numbers = new ArrayList<>();
        TreeSet<String> terms = new TreeSet<>();
        TreeSet<String> entities = new TreeSet<>();
        TreeSet<String> roles = new TreeSet<>();
        TreeSet<String> words = new TreeSet<>();
        List<String> sequence = new ArrayList<>();
        StringBuilder forms = new StringBuilder();
        StringBuilder linked = new StringBuilder();
        boolean afterPreposition = false;
        boolean afterBreak = false;
        int ands = 0;
        int ors = 0;
        int[] particles = new int[PARTICLES.size()];
        int negations = 0;
        for (Unit u : x.units) {
            afterBreak |= u.breakBefore;
            ands += "and".equals(u.lower) ? 1 : 0;
            ors += "or".equals(u.lower) ? 1 : 0;
            int particle = u.kind == Kind.COMMON ? PARTICLES.indexOf(u.lower) : -1;
            if (particle >= 0) {
                particles[particle]++;
            }
            if (u.kind == Kind.WORD || u.kind == Kind.ENTITY || u.kind == Kind.TERM) {
                // a term by its id: "synonyms" and "synonym", "time" and "times", are one term
                sequence.add(WordCode.encode(u.kind == Kind.TERM ? WordCode.of("t:" + u.lower) : u.code));
                char number = u.surface == null ? Form.NEITHER : u.kind == Kind.TERM
                        ? termForm(u.surface, u.lower) : numberForm(u.surface);
                forms.append(Form.encode(number, u.kind == Kind.TERM, u.role != 0));
                linked.append(afterBreak ? '2' : afterPreposition ? '1' : '0');
                afterBreak = false;
            }
            if (u.kind != Kind.COMMON || !GuardLexicon.DETERMINERS.contains(u.lower)) {
                afterPreposition = u.kind == Kind.COMMON && LINKING_PREPOSITIONS.contains(u.lower);
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
        List<String> negated = new ArrayList<>();
        for (List<String> items : x.negated) {
            TreeSet<String> group = new TreeSet<>();
            items.forEach(item -> group.add(GuardHash.encode48(GuardHash.of(item))));
            negated.add(String.join(".", group));
        }
        negated.sort(null);
        List<String> slots = new ArrayList<>();
        x.slots.forEach((preposition, items) -> items.forEach(
                item -> slots.add(preposition + "." + GuardHash.encode48(GuardHash.of(item)))));
        return new GuardFingerprint(list(numbers, ",", MAX_LIST), list(terms, ",", MAX_LIST), negations,
                list(new TreeSet<>(x.quotes), ",", MAX_LIST), list(entities, "", MAX_LIST), list(roles, ",", MAX_LIST),
                list(slots, ",", MAX_LIST), list(words, "", MAX_WORDS),
                connectives(ands, ors, particles),
                sequence.size() > MAX_WORDS ? "" : String.join("", sequence),
                sequence.size() > MAX_WORDS ? "" : forms.toString(), list(negated, ",", MAX_LIST), x.doSupport,
                x.passive, sequence.size() > MAX_WORDS || onlyOf(linked, "0") ? "" : linked.toString());
    }

    /**
     * A term's number, judged against its id: "synonyms" for {@code synonym} is plural, "synonym"
     * bare; a name that ends in s ("postgres") or a synonym written otherwise ("psql") is neither.
     */
    static char termForm(String surface, String id) {
        if (surface.equals(id)) {
            return id.endsWith("s") ? Form.NEITHER : Form.BARE;
        }
        boolean plural = surface.equals(id + "s") || surface.equals(id + "es")
                || id.endsWith("y") && surface.equals(id.substring(0, id.length() - 1) + "ies");
        return plural ? Form.PLURAL : Form.NEITHER;
    }

    /**
     * One letter per word of the sequence: {@code s}, {@code b}, {@code n} for a plural, bare or
     * neither word; {@code p}, {@code q}, {@code o} for the same with a role (from, to, than…); in
     * upper case for a term.
     */
    static final class Form {
        static final char PLURAL = 's';
        static final char BARE = 'b';
        static final char NEITHER = 'n';
        private static final String PLAIN = "sbn";
        private static final String ROLE = "pqo";

        private Form() {
        }

        static char encode(char number, boolean term, boolean role) {
            char c = (role ? ROLE : PLAIN).charAt(PLAIN.indexOf(number));
            return term ? Character.toUpperCase(c) : c;
        }

        static char number(char form) {
            char c = Character.toLowerCase(form);
            int k = ROLE.indexOf(c);
            return k >= 0 ? PLAIN.charAt(k) : c;
        }

        static boolean term(char form) {
            return Character.isUpperCase(form);
        }

        static boolean role(char form) {
            return ROLE.indexOf(Character.toLowerCase(form)) >= 0;
        }

        static boolean valid(String forms) {
            for (int i = 0; i < forms.length(); i++) {
                char c = Character.toLowerCase(forms.charAt(i));
                if (PLAIN.indexOf(c) < 0 && ROLE.indexOf(c) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code s} for a plural-looking word ("members", "studies", "boxes"), {@code b} for a bare one, {@code -} otherwise. */
    static char numberForm(String w) {
        int n = w.length();
        if (n <= 3 || !w.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return Form.NEITHER;
        }
        if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) {
            return Form.BARE;
        }
        if (w.endsWith("s")) {
            return Form.PLURAL;
        }
        return w.endsWith("ing") || w.endsWith("ed") ? Form.NEITHER : Form.BARE;
    }

    /**
     * Directional particles, common words that reverse what a verb asks: "up"/"down", "out" (for
     * "in", which is everywhere), "off" (for "on"), "against" (for "for"). Their counts must agree;
     * a paraphrase that drops one ("find out" / "determine") is a miss.
     */
    static final List<String> PARTICLES = List.of("up", "down", "out", "off", "against");
    private static final String PARTICLE_KEYS = "udxfg";

    private static String connectives(int ands, int ors, int[] particles) {
        StringBuilder b = new StringBuilder();
        if (ands + ors > 0) {
            b.append('a').append(ands).append('o').append(ors);
        }
        for (int i = 0; i < particles.length; i++) {
            if (particles[i] > 0) {
                b.append(PARTICLE_KEYS.charAt(i)).append(particles[i]);
            }
        }
        return b.toString();
    }

    /** Whether every character of {@code text} is one of {@code allowed} (parsing runs per candidate: no regex). */
    private static boolean onlyOf(CharSequence text, String allowed) {
        for (int i = 0; i < text.length(); i++) {
            if (allowed.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
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
        field(b, 'p', forms);
        field(b, 'x', negated);
        field(b, 'd', doSupport ? "1" : "");
        field(b, 'v', passive ? "1" : "");
        field(b, 'l', linked);
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
        String forms = "";
        String negated = "";
        boolean doSupport = false;
        boolean passive = false;
        String linked = "";
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
                case 'p' -> forms = value;
                case 'x' -> negated = value;
                case 'd' -> doSupport = true;
                case 'v' -> passive = true;
                case 'l' -> linked = value;
                default -> {
                    return null;
                }
            }
            at = end + 1;
        }
        if (!WordCode.validList(entities) || !WordCode.validList(words) || !WordCode.validList(sequence)
                || forms.length() != sequence.length() / 6 || !Form.valid(forms)
                || !linked.isEmpty() && (linked.length() != forms.length() || !onlyOf(linked, "012"))) {
            return null;
        }
        return new GuardFingerprint(numbers, terms, negations, quotes, entities, roles, slots, words, connectives, sequence,
                forms, negated, doSupport, passive, linked);
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
                && negatedAgree(negated, other.negated)
                // where both have roles (from/to, into, than…), the words with roles are left out of
                // the order (the roles judged them); active for passive voice ("our warehouse shipped the order" / "the order was shipped
                // by our warehouse") puts the same words in another order without changing the ask
                && (passive != other.passive || orderAgrees(ordered(other.roles.isEmpty()), other.ordered(roles.isEmpty()))))) {
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
                && !smallChange(sequence, forms, other.sequence, other.forms, doSupport == other.doSupport);
    }

    /**
     * A small change to an otherwise unchanged run of words: a few uncommon words replaced
     * ("counts the invoices per month based on issued_at" / "… based on due_at", "apologetic and
     * empathetic" / "firm and factual"), one phrase rewritten, or a word's number changed ("for a
     * new team member" / "for new team members"). The
     * set-based rule above cannot see these when the replacing word occurs elsewhere in the
     * prompt; an alignment of the two word sequences (longest common subsequence, typos forgiven)
     * can. A paraphrase rewords more than that; a near miss is usually exactly that. The same
     * words in another order are left to {@link #orderAgrees}.
     *
     * <p>Changes are counted on each side (words without a counterpart, plus aligned words whose
     * number differs); a side may have at most {@code max(2, kept / 5)} of them, so a long
     * instruction with three words changed is still caught. It applies only where at least
     * {@link #MIN_KEPT_IN_PLACE} words stay in place: in a short prompt ("Name three desert
     * animals" / "Which three animals live in deserts?") one moved or added word is a paraphrase's
     * freedom. A change of number alone, every word else the same and in place, is caught at any
     * length ("a synonym for 'important'" / "synonyms for 'important'").
     */
    static final int MIN_KEPT_IN_PLACE = 4;
    static final int KEPT_PER_CHANGE = 5;

    static boolean smallChange(String a, String formsA, String b, String formsB, boolean numberComparable) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        long[] x = WordCode.decodeAll(a);
        long[] y = WordCode.decodeAll(b);
        if (x.length == 0 || y.length == 0) {
            return false;
        }
        int[][] pairs = alignment(x, y);
        int kept = pairs.length;
        int numberChanges = 0;
        for (int[] pair : pairs) {
            char f = formAt(formsA, pair[0]);
            char g = formAt(formsB, pair[1]);
            numberChanges += numberComparable && numberDiffers(f, g) ? 1 : 0;
        }
        // a word moved elsewhere is no change (the order rules judge moves); one that is gone is
        int replacedX = unmatchedCount(x, y);
        int replacedY = unmatchedCount(y, x);
        if (replacedX == 0 && replacedY == 0) {
            return numberChanges > 0 && kept == x.length && kept == y.length;
        }
        int changesX = replacedX + numberChanges;
        int changesY = replacedY + numberChanges;
        int limit = Math.max(2, kept / KEPT_PER_CHANGE);
        // one phrase rewritten in an otherwise unchanged prompt ("for new employees" / "for the
        // finance staff who process claims"; "be sincere and apologetic" / "be firm and stand up
        // for our staff") is a changed detail; a paraphrase rewords in several places
        boolean onePlace = places(pairs, x.length, y.length) <= MAX_PLACES && Math.max(changesX, changesY) <= kept / 2;
        // a word only added or only dropped is left alone: paraphrases add filler ("honestly",
        // "I was wondering") that no list of common words has in full
        return kept >= MIN_KEPT_IN_PLACE && changesX >= 1 && changesY >= 1
                && (changesX <= limit && changesY <= limit || onePlace);
    }

    /** How many words of {@code x} are left over when each is matched with a different word of {@code y} (a multiset difference, typos forgiven). */
    private static int unmatchedCount(long[] x, long[] y) {
        boolean[] matchedX = new boolean[x.length];
        match(x, y, matchedX, new boolean[y.length]);
        int unmatched = 0;
        for (boolean m : matchedX) {
            unmatched += m ? 0 : 1;
        }
        return unmatched;
    }

    /**
     * The strict guard's extra condition: the same uncommon words, each as often and in the same
     * number ("laptop" is not "budget laptop", "each month" is not "the East region"), apart from
     * words added at the very beginning or end of one prompt only ("I was just wondering, …",
     * "… thanks!"), which is where filler goes; no word replaced, none added in the middle.
     * Paraphrases that use other words (synonyms, abbreviations) are then misses: the price of
     * serving almost no wrong answer.
     */
    boolean sameContent(GuardFingerprint other) {
        if (sequence.isEmpty() || other.sequence.isEmpty()) {
            return words.equals(other.words) && sequence.equals(other.sequence);
        }
        long[] x = WordCode.decodeAll(sequence);
        long[] y = WordCode.decodeAll(other.sequence);
        boolean[] matchedX = new boolean[x.length];
        boolean[] matchedY = new boolean[y.length];
        int[] partner = match(x, y, matchedX, matchedY);
        boolean extraX = !allTrue(matchedX);
        boolean extraY = !allTrue(matchedY);
        if (extraX && extraY || extraX && !onlyAtEdges(matchedX, linked) || extraY && !onlyAtEdges(matchedY, other.linked)) {
            return false;
        }
        if (doSupport == other.doSupport) {
            for (int i = 0; i < x.length; i++) {
                if (partner[i] >= 0) {
                    char f = formAt(forms, i);
                    char g = formAt(other.forms, partner[i]);
                    if (numberDiffers(f, g)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Pairs each word of {@code x} with an unused equal (else typo-equal) word of {@code y}; the partner index or -1. */
    private static int[] match(long[] x, long[] y, boolean[] matchedX, boolean[] matchedY) {
        int[] partner = new int[x.length];
        Arrays.fill(partner, -1);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < y.length && partner[i] < 0; j++) {
                    if (!matchedY[j] && (pass == 0 ? x[i] == y[j] : WordCode.same(x[i], y[j]))) {
                        partner[i] = j;
                        matchedX[i] = true;
                        matchedY[j] = true;
                    }
                }
            }
        }
        return partner;
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the matched words form one unbroken run, so that the others are all before or after
     * it, each side set off by a sentence or clause break ("Just curious, how many …", "… for
     * adults? Thanks a lot"): "a good budget laptop" adds a word to the request itself.
     */
    private static boolean onlyAtEdges(boolean[] matched, String linked) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < matched.length; i++) {
            if (matched[i]) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        for (int i = first; i >= 0 && i <= last; i++) {
            if (!matched[i]) {
                return false;
            }
        }
        return first >= 0 && (first == 0 || breakAt(linked, first))
                && (last == matched.length - 1 || breakAt(linked, last + 1));
    }

    private static boolean breakAt(String linked, int i) {
        return i < linked.length() && linked.charAt(i) == '2';
    }

    static final int MAX_PLACES = 1;

    /** In how many places the two sequences differ: runs of unaligned words between aligned ones, on either side. */
    static int places(int[][] pairs, int lengthX, int lengthY) {
        int places = 0;
        int i = -1;
        int j = -1;
        for (int[] pair : pairs) {
            places += pair[0] > i + 1 || pair[1] > j + 1 ? 1 : 0;
            i = pair[0];
            j = pair[1];
        }
        return places + (lengthX > i + 1 || lengthY > j + 1 ? 1 : 0);
    }

    /** One word plural, the other bare ("members" / "member"); words in neither form say nothing. */
    private static boolean numberDiffers(char f, char g) {
        return f == Form.PLURAL && g == Form.BARE || f == Form.BARE && g == Form.PLURAL;
    }

    private static char formAt(String forms, int i) {
        return i < forms.length() ? Form.number(forms.charAt(i)) : Form.NEITHER;
    }

    /**
     * The words whose order is compared. Where both prompts have roles (from/to, than, vs…), the
     * words with a role are left out: the roles already judged them, and "from Paris to Rome" may
     * be fronted or moved as a whole. The other words still keep their order ("I'm the landlord. My
     * tenant wants to sublet the apartment to a student" / "I'm the tenant … can my landlord").
     */
    Ordered ordered(boolean otherHasNoRoles) {
        long[] codes = WordCode.decodeAll(sequence);
        boolean skipRoles = !roles.isEmpty() && !otherHasNoRoles;
        long[] words = new long[codes.length];
        boolean[] links = new boolean[codes.length];
        int n = 0;
        for (int i = 0; i < codes.length; i++) {
            if (!(skipRoles && i < forms.length() && Form.role(forms.charAt(i)))) {
                links[n] = i < linked.length() && linked.charAt(i) == '1';
                words[n++] = codes[i];
            }
        }
        return new Ordered(Arrays.copyOf(words, n), Arrays.copyOf(links, n));
    }

    /** The words whose order is compared, and for each whether a preposition comes right before it. */
    record Ordered(long[] words, boolean[] linked) {
    }

    /** The aligned index pairs of a longest common subsequence, words compared up to a typo ({@link WordCode#same}). */
    static int[][] alignment(long[] x, long[] y) {
        int[][] length = new int[x.length + 1][y.length + 1];
        for (int i = x.length - 1; i >= 0; i--) {
            for (int j = y.length - 1; j >= 0; j--) {
                length[i][j] = WordCode.same(x[i], y[j]) ? length[i + 1][j + 1] + 1
                        : Math.max(length[i + 1][j], length[i][j + 1]);
            }
        }
        int[][] pairs = new int[length[0][0]][];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < x.length && j < y.length) {
            if (WordCode.same(x[i], y[j]) && length[i][j] == length[i + 1][j + 1] + 1) {
                pairs[k++] = new int[] {i++, j++};
            } else if (length[i + 1][j] >= length[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return pairs;
    }

    /**
     * The same uncommon words in another order ask something else ("Acme sued Globex" / "Globex
     * sued Acme", "merge the feature branch into main" / "main into the feature branch", "exchange
     * rather than refund" / "refund rather than exchange"), unless one part was only moved from
     * the front to the back ("In Python, how do I reverse a list" / "how do I reverse a list in
     * Python"), which is a rotation of the sequence. Prompts whose words differ are left to the
     * other rules: a paraphrase with other words says nothing about order.
     */
    static boolean orderAgrees(Ordered a, Ordered b) {
        long[] x = a.words();
        long[] y = b.words();
        if (x.length == 0 || y.length == 0 || Arrays.equals(x, y)) {
            return true;
        }
        if (!sameMultiset(x, y)) {
            x = firstOccurrences(x);
            y = firstOccurrences(y);
            if (Arrays.equals(x, y) || !sameMultiset(x, y)) {
                return true;
            }
            return onePhraseMoved(x, y, null, null);
        }
        return onePhraseMoved(x, y, a.linked(), b.linked());
    }

    /**
     * Whether {@code y} is {@code x} with one phrase of two or more words moved elsewhere ("In
     * Python, how do I reverse a list" / "how do I reverse a list in Python"; "Using Python and
     * pandas, how do I merge …" / "How do I merge … using Python and pandas"): past the common
     * beginning and end, what is left of one is the two parts of the other in reverse order. Two
     * single words that trade places inside a prompt ("replace tabs with commas" / "commas with
     * tabs", "sales in blue and returns in red" / "in red … in blue") are no phrase moved; a
     * single word moved from the very front to the very end is ("In Python, …" / "… in Python").
     */
    static boolean onePhraseMoved(long[] x, long[] y, boolean[] linkedX, boolean[] linkedY) {
        if (rotated(x, y, 0, x.length, 1)) {
            return true;
        }
        int from = 0;
        while (from < x.length && x[from] == y[from]) {
            from++;
        }
        int to = x.length;
        while (to > from && x[to - 1] == y[to - 1]) {
            to--;
        }
        if (to - from == 2 && linkedX != null && linkedY != null
                && (compound(linkedX, from) && prepositional(linkedY, from) || compound(linkedY, from) && prepositional(linkedX, from))) {
            // two words that trade places where one prompt has a preposition between them and the
            // other none: "a branch in git" / "a git branch", "the GDP of Germany" / "Germany's GDP"
            return true;
        }
        return to == from || rotated(x, y, from, to, MIN_MOVED);
    }

    private static boolean compound(boolean[] linked, int at) {
        return !linked[at] && !linked[at + 1];
    }

    private static boolean prepositional(boolean[] linked, int at) {
        return !linked[at] && linked[at + 1];
    }

    /** Whether {@code y[from, to)} is {@code x[from, to)} rotated by at least {@code least} words either way. */
    private static boolean rotated(long[] x, long[] y, int from, int to, int least) {
        int n = to - from;
        for (int shift = least; shift <= n - least; shift++) {
            boolean moved = true;
            for (int i = 0; i < n && moved; i++) {
                moved = x[from + (i + shift) % n] == y[from + i];
            }
            if (moved) {
                return true;
            }
        }
        return false;
    }

    static final int MIN_MOVED = 2;

    private static boolean sameMultiset(long[] x, long[] y) {
        if (x.length != y.length) {
            return false;
        }
        long[] xs = x.clone();
        long[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        return Arrays.equals(xs, ys);
    }

    /**
     * Each word where it first occurs: "the defendant's lawyer … the plaintiff … the plaintiff"
     * and "the plaintiff's lawyer … the defendant … the defendant" use the same words, but not
     * in the same order; a word repeated later ("in Python … a Python list") is no new order.
     */
    private static long[] firstOccurrences(long[] words) {
        long[] out = new long[words.length];
        int n = 0;
        for (long w : words) {
            boolean seen = false;
            for (int i = 0; i < n && !seen; i++) {
                seen = out[i] == w;
            }
            if (!seen) {
                out[n++] = w;
            }
        }
        return Arrays.copyOf(out, n);
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
     * Each negation of one prompt is about something the other prompt also negates: a word in the
     * first few after it is among the first few after one of the other's. A group is empty when
     * nothing follows the negation ("No."), and then matches only an empty group.
     */
    static boolean negatedAgree(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.startsWith("#") || b.startsWith("#")) {
            return false;
        }
        List<TreeSet<String>> mine = groups(a);
        List<TreeSet<String>> theirs = groups(b);
        return eachMeets(mine, theirs) && eachMeets(theirs, mine);
    }

    private static List<TreeSet<String>> groups(String list) {
        List<TreeSet<String>> groups = new ArrayList<>();
        for (String group : list.split(",", -1)) {
            groups.add(new TreeSet<>(group.isEmpty() ? List.of() : Arrays.asList(group.split("\\."))));
        }
        return groups;
    }

    private static boolean eachMeets(List<TreeSet<String>> groups, List<TreeSet<String>> others) {
        for (TreeSet<String> group : groups) {
            boolean meets = false;
            for (TreeSet<String> other : others) {
                meets |= group.isEmpty() ? other.isEmpty() : other.stream().anyMatch(group::contains);
            }
            if (!meets) {
                return false;
            }
        }
        return true;
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
