package dev.caravan.classify.personal;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Phone numbers, validated by libphonenumber — but only on short runs that already look like
 * phone numbers, because libphonenumber alone accepts many digit runs (order numbers, timestamps,
 * big integers) and its text parsing is slow. A run of 7–15 digits qualifies when it
 * <ol>
 *   <li>starts with {@code +} (international format, any country; {@code +44 (0)20 …} too), or</li>
 *   <li>has the default region's formatting — for NANP (US/CA) {@code (415) 555-2671},
 *       {@code 415-555-2671}, {@code 415.555.2671}, {@code 415 555 2671}, {@code 1-800-…}; for
 *       other default regions a grouped number with the trunk prefix 0 — or</li>
 *   <li>has phone context nearby (phone, tel, mobile, cell, fax, WhatsApp, Telefon, téléphone,
 *       teléfono, … or a {@code phone} column header; verbs like "call" only for formatted
 *       numbers, never for bare digits). National formats of other countries
 *       ({@code 020 7946 0958}, {@code 030/901820}, {@code 01 23 45 67 89}, {@code 612 34 56 78})
 *       are then also tried in the regions the context words suggest.</li>
 * </ol>
 * Validation: '+' and NANP numbers are built directly and checked with
 * {@code PhoneNumberUtil.isValidNumber} (fast path); everything else, and fast-path misses, go
 * through {@code findNumbers(window, region, Leniency.VALID)}. A '+' number that libphonenumber
 * finds only POSSIBLE (fictional ranges such as {@code +44 7700 900…}) is reported when phone
 * context names it, and so is a formatted national number that is only POSSIBLE
 * ({@code Phone: (555) 123-4567}) next to a word that names a phone number. Never reported: runs glued to other tokens, runs right after an id word
 * (order, invoice, ticket, tracking, ISBN, SKU, part, …), date-, IP-, version- and ISBN-shaped
 * runs, epoch timestamps, runs over 15 digits (cards, long ids).
 */
final class PhoneDetector implements Detector {

    private static final String[] ENGLISH = {"GB", "IE", "AU", "NZ", "IN", "ZA", "SG"};
    private static final String[] GERMAN = {"DE", "AT", "CH"};
    private static final String[] FRENCH = {"FR", "BE", "CH", "LU"};
    private static final String[] SPANISH = {"ES", "MX", "AR", "CO", "CL", "PE"};
    private static final String[] ITALIAN = {"IT", "CH"};
    private static final String[] DUTCH = {"NL", "BE"};
    private static final String[] PORTUGUESE = {"BR", "PT"};
    private static final String[] NORDIC = {"SE", "DK", "NO", "FI"};
    private static final String[] POLISH = {"PL"};

    private static final Object[][] CONTEXT = {
        {"phone*", ENGLISH}, {"telephone*", ENGLISH}, {"tel", ENGLISH}, {"tel.", ENGLISH}, {"tel:", ENGLISH},
        {"cell*", ENGLISH}, {"mobile*", ENGLISH}, {"mob", ENGLISH}, {"call*", ENGLISH}, {"fax", ENGLISH},
        {"whatsapp", ENGLISH}, {"sms", ENGLISH}, {"text me", ENGLISH}, {"contact number", ENGLISH},
        {"hotline", ENGLISH}, {"landline", ENGLISH}, {"ph", ENGLISH}, {"ph.", ENGLISH}, {"ring", ENGLISH},
        {"dial*", ENGLISH}, {"reach me", ENGLISH}, {"signal", ENGLISH}, {"telegram", ENGLISH},
        {"=T:", ENGLISH}, {"=M:", ENGLISH}, {"=P:", ENGLISH}, {"=F:", ENGLISH}, {"=Tel", ENGLISH},
        {"telefon*", GERMAN}, {"handy*", GERMAN}, {"rufnummer*", GERMAN}, {"mobil", GERMAN},
        {"mobilnummer", GERMAN}, {"festnetz*", GERMAN}, {"anrufen", GERMAN}, {"erreichbar", GERMAN},
        {"téléphone", FRENCH}, {"tél", FRENCH}, {"tél.", FRENCH}, {"portable", FRENCH}, {"joindre", FRENCH},
        {"appeler", FRENCH}, {"numéro de téléphone", FRENCH},
        {"teléfono", SPANISH}, {"móvil", SPANISH}, {"movil", SPANISH}, {"celular", SPANISH}, {"llamar", SPANISH},
        {"telefono", ITALIAN}, {"cellulare", ITALIAN}, {"chiamare", ITALIAN},
        {"telefoon*", DUTCH}, {"mobiel", DUTCH}, {"bellen", DUTCH},
        {"telefone", PORTUGUESE}, {"telemóvel", PORTUGUESE},
        {"telefonnummer", NORDIC}, {"mobilnummer", NORDIC}, {"puhelin", NORDIC},
        {"telefonu", POLISH}, {"komórka", POLISH},
    };

    /** Verbs and channels that suggest, but do not name, a phone number: enough for a formatted number only. */
    private static final Set<String> WEAK_WORDS = Set.of("call*", "ring", "dial*", "sms", "text me", "reach me", "signal",
            "telegram", "anrufen", "erreichbar", "joindre", "appeler", "llamar", "chiamare", "bellen", "portable");

    private static final Keywords CONTEXT_WORDS;
    private static final String[][] HINTS;
    private static final boolean[] WEAK;

    static {
        String[] words = new String[CONTEXT.length];
        HINTS = new String[CONTEXT.length][];
        WEAK = new boolean[CONTEXT.length];
        for (int i = 0; i < CONTEXT.length; i++) {
            words[i] = (String) CONTEXT[i][0];
            HINTS[i] = (String[]) CONTEXT[i][1];
            WEAK[i] = WEAK_WORDS.contains(words[i]);
        }
        CONTEXT_WORDS = new Keywords(words);
    }

    private static final int MAX_GROUPS = 16;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String region;
    private final boolean nanp;

    PhoneDetector(String region) {
        this.region = region.toUpperCase(Locale.ROOT);
        this.nanp = util.getCountryCodeForRegion(this.region) == 1;
        // load the metadata of the default region and of the regions context words suggest now,
        // not on the first request that needs them (about 50 ms once)
        util.findNumbers("+1 415 555 2671", this.region, PhoneNumberUtil.Leniency.VALID, 10).iterator().hasNext();
        for (String[] hints : HINTS) {
            for (String hint : hints) {
                util.getNddPrefixForRegion(hint, false);
            }
        }
    }

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        int n = s.length();
        Tables tables = null;
        int[] gs = new int[MAX_GROUPS];
        int[] ge = new int[MAX_GROUPS];
        char[] sep = new char[MAX_GROUPS];
        TextIndex index = TextIndex.of(s);
        int i = 0;
        int k = 0;
        while (true) {
            // runs start at a digit sequence, or at the '+' or '(' right before one
            while (k < index.digits && index.digitStart[k] < i) {
                k++;
            }
            if (k >= index.digits) {
                break;
            }
            int d = index.digitStart[k];
            char before = Chars.at(s, d - 1);
            i = (before == '+' || before == '\uFF0B' || before == '(') && d - 1 >= i ? d - 1 : d;
            char c = s.charAt(i);
            boolean plus = c == '+' || c == '\uFF0B';
            // grow the run: digit groups joined by one separator, with at most one "(...)" group
            int start = i;
            int j = plus ? i + 1 : i;
            int groups = 0;
            int digits = 0;
            boolean parens = false;
            int open = -1;
            char pending = 0;
            while (j < n && groups < MAX_GROUPS) {
                char x = s.charAt(j);
                if (Chars.isDigit(x)) {
                    int g = j;
                    while (j < n && Chars.isDigit(s.charAt(j))) {
                        j++;
                    }
                    sep[groups] = pending;
                    gs[groups] = g;
                    ge[groups] = j;
                    groups++;
                    digits += j - g;
                    pending = 0;
                    continue;
                }
                char next = Chars.at(s, j + 1);
                if (x == '(' && open < 0 && !parens && Chars.isDigit(next)) {
                    open = j;
                    parens = true;
                    pending = pending == 0 ? '(' : pending;
                    j++;
                } else if (x == ')' && open >= 0 && j > open + 1 && Chars.isDigit(s.charAt(j - 1))) {
                    open = -1;
                    j++;
                    char after = Chars.at(s, j);
                    pending = ')';
                    if ((after == ' ' || after == '-' || after == '\u00A0') && Chars.isDigit(Chars.at(s, j + 1))) {
                        j++;
                    }
                } else if (pending == 0 && groups > 0 && isSeparator(x) && (Chars.isDigit(next) || next == '(')) {
                    pending = x == '\u00A0' ? ' ' : x;
                    j++;
                } else {
                    break;
                }
            }
            int end = groups > 0 ? ge[groups - 1] : j;
            if (open >= 0) {
                // unbalanced "(": cut the run before it
                int g = 0;
                while (g < groups && gs[g] < open) {
                    g++;
                }
                groups = g;
                end = groups > 0 ? ge[groups - 1] : open;
                digits = 0;
                for (int g2 = 0; g2 < groups; g2++) {
                    digits += ge[g2] - gs[g2];
                }
            }
            i = Math.max(end, i + 1);
            if (groups == 0 || digits < 7 || digits > 15 + (plus ? 0 : 2)) {
                continue;
            }
            if (!cleanStart(s, start) || !cleanEnd(s, end) || Context.idWordBefore(s, start)) {
                continue;
            }
            if (plus) {
                if (digits >= 8 && digits <= 15 && !reportDirect(s, start, end, true, 0.9, message, out)
                        && !report(s, start, end, region, 0.9, message, out)) {
                    // fictional ranges (+44 7700 900…, +1 555-01…) are not VALID, but a '+' number
                    // labelled as a phone number is one
                    if (tables == null) {
                        tables = new Tables(s);
                    }
                    if (Context.near(s, start, end, CONTEXT_WORDS, tables, 40, 16) != null) {
                        report(s, start, end, region, PhoneNumberUtil.Leniency.POSSIBLE, 0.7, message, out);
                    }
                }
                continue;
            }
            if (excludedShape(s, gs, ge, sep, groups, digits)) {
                continue;
            }
            if (nanp) {
                int[] w = nanpWindow(s, gs, ge, sep, groups);
                if (w != null) {
                    int ws = w[0] == 0 ? start : gs[w[0]] > 0 && s.charAt(gs[w[0]] - 1) == '(' ? gs[w[0]] - 1 : gs[w[0]];
                    if (reportDirect(s, ws, ge[w[1]], false, 0.8, message, out)) {
                        continue;
                    }
                }
            }
            if (!nanp && groups >= 2 && s.charAt(gs[0]) == '0' && digits <= 15
                    && report(s, start, end, region, 0.75, message, out)) {
                continue; // the default region's own national format: "030 901820" for DE
            }
            if (digits > 15) {
                continue;
            }
            if (tables == null) {
                tables = new Tables(s);
            }
            List<Keywords.Hit> hits = contextHits(s, start, end, tables);
            if (hits.isEmpty()) {
                continue;
            }
            if (groups == 1) {
                // bare digits: only next to a word that names a phone number, never "call" alone
                if (looksLikeTimestampOrDate(s, gs[0], ge[0]) || hits.stream().allMatch(h -> WEAK[h.tag()])) {
                    continue;
                }
            }
            if (report(s, start, end, region, 0.75, message, out)
                    || nationalFormat(s, start, end, hits, s.charAt(gs[0]) == '0', message, out)) {
                continue;
            }
            if (groups >= 2 && hits.stream().anyMatch(h -> !WEAK[h.tag()])) {
                // "Phone: (555) 123-4567", "Tel 555-0100": a formatted number labelled as a phone
                // number is one, even in a range no carrier uses
                report(s, start, end, region, PhoneNumberUtil.Leniency.POSSIBLE, 0.65, message, out);
            }
        }
    }

    /** Context words around the run (nearest first), or under the header of its table column. */
    private static List<Keywords.Hit> contextHits(String s, int start, int end, Tables tables) {
        Keywords.Hit first = Context.near(s, start, end, CONTEXT_WORDS, tables, 40, 16);
        if (first == null) {
            return List.of();
        }
        List<Keywords.Hit> hits = new ArrayList<>();
        hits.add(first);
        if (first.start() >= 0) {
            int to = Math.min(Chars.lineEnd(s, end), end + 16);
            for (Keywords.Hit h = CONTEXT_WORDS.find(s, first.end(), to); h != null; h = CONTEXT_WORDS.find(s, h.end(), to)) {
                hits.add(h);
            }
            hits.sort(Comparator.comparingInt(h -> h.end() <= start ? start - h.end() : h.start() - end));
        }
        return hits;
    }

    /**
     * A national number ({@code 020 …}, {@code 030/…}, {@code 01 23 …}, {@code 612 34 56 78}): tried in the
     * regions the context words suggest, nearest word first. Without a trunk prefix 0 only for
     * non-English context words (English-speaking countries other than NANP all dial a leading 0).
     */
    private boolean nationalFormat(String s, int start, int end, List<Keywords.Hit> hits, boolean trunk, int message,
            List<Finding> out) {
        Set<String> tried = new HashSet<>();
        tried.add(region);
        for (Keywords.Hit h : hits) {
            if (!trunk && HINTS[h.tag()] == ENGLISH) {
                continue;
            }
            for (String hint : HINTS[h.tag()]) {
                if (tried.add(hint) && report(s, start, end, hint, 0.75, message, out)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The fast path for the common shapes — a '+' number, or a NANP number in the default NANP region:
     * the country code and national number are read straight from the digits (dropping a "(0)"
     * trunk group and a NANP leading 1) and checked with libphonenumber's {@code isValidNumber},
     * skipping its text parsing, which costs several times more.
     */
    private boolean reportDirect(String s, int from, int to, boolean plus, double confidence, int message,
            List<Finding> out) {
        StringBuilder d = new StringBuilder(16);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (Chars.isDigit(c)) {
                d.append(c);
            } else if (c == '(' && plus && Chars.at(s, i + 1) == '0' && Chars.at(s, i + 2) == ')') {
                i += 2; // "+44 (0)20 …": the trunk prefix in parentheses is not dialled
            }
        }
        int cc;
        String nsn;
        if (plus) {
            cc = -1;
            nsn = null;
            for (int len = 1; len <= 3 && len < d.length(); len++) {
                int candidate = Integer.parseInt(d, 0, len, 10);
                if (!PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(util.getRegionCodeForCountryCode(candidate))
                        && !"ZZ".equals(util.getRegionCodeForCountryCode(candidate))) {
                    cc = candidate;
                    nsn = d.substring(len);
                    break;
                }
            }
            if (cc < 0) {
                return false;
            }
        } else {
            cc = 1;
            nsn = d.length() == 11 && d.charAt(0) == '1' ? d.substring(1) : d.toString();
            if (nsn.length() != 10) {
                return false;
            }
        }
        if (nsn.length() < 4 || nsn.length() > 17) {
            return false;
        }
        Phonenumber.PhoneNumber number = new Phonenumber.PhoneNumber().setCountryCode(cc)
                .setNationalNumber(Long.parseLong(nsn));
        int zeros = 0;
        while (zeros < nsn.length() - 1 && nsn.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        }
        if (!util.isValidNumber(number)) {
            return false;
        }
        out.add(new Finding(FindingType.PHONE, message, from, to, name(), confidence));
        return true;
    }

    private boolean report(String s, int from, int to, String inRegion, double confidence, int message, List<Finding> out) {
        return report(s, from, to, inRegion, PhoneNumberUtil.Leniency.VALID, confidence, message, out);
    }

    private boolean report(String s, int from, int to, String inRegion, PhoneNumberUtil.Leniency leniency,
            double confidence, int message, List<Finding> out) {
        boolean found = false;
        String window = s.substring(from, to);
        for (PhoneNumberMatch m : util.findNumbers(window, inRegion, leniency, 50)) {
            if (m.end() - m.start() >= 7) {
                out.add(new Finding(FindingType.PHONE, message, from + m.start(), from + m.end(), name(), confidence));
                found = true;
            }
        }
        return found;
    }

    /** A NANP-formatted window of groups: 3-3-4 (one separator kind), (3) 3-4, optionally led by a 1. */
    private static int[] nanpWindow(String s, int[] gs, int[] ge, char[] sep, int groups) {
        for (int a = 0; a < groups; a++) {
            if (a > 0 && sep[a] != ' ') {
                continue;
            }
            for (int lead = 0; lead <= 1; lead++) {
                int x = a + lead;
                int b = x + 2;
                if (b >= groups || (b + 1 < groups && sep[b + 1] != ' ')) {
                    continue;
                }
                if (lead == 1 && (ge[a] - gs[a] != 1 || s.charAt(gs[a]) != '1')) {
                    continue;
                }
                if (ge[x] - gs[x] != 3 || ge[x + 1] - gs[x + 1] != 3 || ge[x + 2] - gs[x + 2] != 4) {
                    continue;
                }
                char s1 = sep[x + 1];
                char s2 = sep[x + 2];
                boolean parenArea = gs[x] > 0 && s.charAt(gs[x] - 1) == '(';
                boolean plain = !parenArea && s1 == s2 && (s1 == '-' || s1 == '.' || s1 == ' ')
                        && (lead == 0 || sep[x] == s1);
                boolean paren = parenArea && s1 == ')' && (s2 == '-' || s2 == ' ' || s2 == '.');
                if (plain || paren) {
                    return new int[] {a, b};
                }
            }
        }
        return null;
    }

    /** Dates, IPs, dotted versions, ISBN-10/13 shapes, slash-joined numbers: never phones without a '+'. */
    private static boolean excludedShape(String s, int[] gs, int[] ge, char[] sep, int groups, int digits) {
        boolean dots = false;
        boolean others = false;
        for (int g = 1; g < groups; g++) {
            if (sep[g] == '.') {
                dots = true;
            } else {
                others = true;
            }
        }
        if (dots) {
            if (others) {
                return true; // 123.456.789-09 and friends
            }
            boolean nanpDots = groups == 3 && ge[0] - gs[0] == 3 && ge[1] - gs[1] == 3 && ge[2] - gs[2] == 4;
            boolean pairs = s.charAt(gs[0]) == '0';
            for (int g = 0; g < groups && pairs; g++) {
                pairs = ge[g] - gs[g] == 2;
            }
            if (!nanpDots && !pairs) {
                return true;
            }
        }
        if (groups == 3) {
            int a = ge[0] - gs[0];
            int b = ge[1] - gs[1];
            int c = ge[2] - gs[2];
            if ((a == 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && (c == 4 || c == 2))) {
                return true; // 2024-03-12, 12/03/1984, 12.03.84
            }
        }
        if (groups >= 4 && ge[groups - 1] - gs[groups - 1] == 1 && (digits == 10 || digits == 13)) {
            return true; // ISBN 0-306-40615-2, 978-0-306-40615-7
        }
        if (digits == 13 && (s.startsWith("978", gs[0]) || s.startsWith("979", gs[0]))) {
            return true;
        }
        return false;
    }

    private static boolean looksLikeTimestampOrDate(String s, int from, int to) {
        int len = to - from;
        char c = s.charAt(from);
        if ((len == 10 || len == 13) && c == '1') {
            return true; // epoch seconds / millis
        }
        if (len == 8) {
            int y = Integer.parseInt(s, from, from + 4, 10);
            int m = Integer.parseInt(s, from + 4, from + 6, 10);
            int d = Integer.parseInt(s, from + 6, from + 8, 10);
            return y >= 1900 && y <= 2100 && Checksums.validDate(y, m, d);
        }
        return false;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/' || c == '\u00A0' || c == '\u2010' || c == '\u2011'
                || c == '\u2013';
    }

    private static boolean cleanStart(String s, int start) {
        char p = Chars.at(s, start - 1);
        if (p == '#' || p == '$' || p == '€' || p == '£' || p == '¥' || p == '+' || p == '%') {
            return false;
        }
        return Chars.cleanBefore(s, start);
    }

    private static boolean cleanEnd(String s, int end) {
        char q = Chars.at(s, end);
        if (q == '%' || ((q == ':' || q == ',' || q == '.') && Chars.isDigit(Chars.at(s, end + 1)))) {
            return false;
        }
        return Chars.cleanAfter(s, end);
    }
}
