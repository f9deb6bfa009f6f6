package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Passport numbers. A passport number has no checksum of its own outside the MRZ, so it needs
 * context: a word for passport in some language (passport, Reisepass, passeport, pasaporte,
 * passaporto, paspoort, …) followed within a few words by a 6–9 character token of capitals and
 * digits with at least two digits (US {@code 123456789} / {@code A12345678}, UK 9 digits, DE
 * {@code C01X00T47}, FR {@code 12AB34567}, IN {@code J8369854}, …), or the token in a passport
 * column of a table. Machine-readable zones (two 44-character lines {@code P<UTO…}) are recognised
 * alone when their check digits hold; they are reported as one span over both lines.
 */
final class PassportDetector implements Detector {

    private static final Keywords CONTEXT = new Keywords("passport*", "reisepass*", "pass nr", "passnr", "pass no",
            "passnummer", "passeport", "passeports", "pasaporte", "pasaportes", "passaporto", "passaporte", "paspoort",
            "paszport", "passi", "passport no", "travel document");
    private static final Set<String> FILLERS = Set.copyOf(List.of("no", "nr", "num", "number", "numbers", "nummer", "numéro", "numero",
            "número", "n", "id", "is", "was", "de", "del", "du", "the", "of", "my", "his", "her", "their", "its", "a",
            "holder", "holders", "details", "detail", "info", "data", "new", "old", "current", "valid", "us", "uk",
            "fr", "german", "french", "british", "american", "indian", "canadian", "spanish", "italian", "dutch", "and",
            "s", "with", "on", "file", "reads", "read", "shows", "under", "n°", "nº", "document", "doc", "card", "book"));

    @Override
    public String name() {
        return "passport";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        if (s.indexOf('<') >= 0) {
            mrz(s, message, out);
        }
        Tables tables = null;
        for (Keywords.Hit hit : CONTEXT.findAll(s, TextIndex.of(s))) {
            int[] token = tokenAfter(s, hit.end());
            if (token != null) {
                out.add(new Finding(FindingType.PASSPORT, message, token[0], token[1], name(), 0.8));
                continue;
            }
            // a passport column in a table: every cell below its header
            int ls = Chars.lineStart(s, hit.start());
            if (tables == null) {
                tables = new Tables(s);
            }
            char d = tables.delimiter(ls);
            int column = d == 0 ? -1 : tables.count(ls, hit.start(), d);
            int[] cell = column < 0 ? null : tables.cell(ls, column, d);
            if (cell != null && tables.isHeader(ls, d) && cell[1] - cell[0] <= 40) {
                tables.forEachCellBelow(ls, column, d, (line, start, end) -> {
                    if (isNumber(s, start, end)) {
                        out.add(new Finding(FindingType.PASSPORT, message, start, end, name(), 0.75));
                    }
                });
            }
        }
    }

    /** The first passport-number-like token within a few filler words after {@code from}. */
    private static int[] tokenAfter(String s, int from) {
        int n = s.length();
        int i = from;
        int limit = Math.min(n, from + 48);
        int newlines = 0;
        while (i < limit) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)))) {
                    i++;
                }
                if (isNumber(s, start, i)) {
                    return new int[] {start, i};
                }
                String word = s.substring(start, i).toLowerCase(Locale.ROOT);
                if (!FILLERS.contains(word)) {
                    return null;
                }
                continue;
            }
            if (c == '\n' && ++newlines > 1) {
                return null;
            }
            if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?') {
                // "No." / "Nr." are fine, a sentence or clause end is not
                if (!(c == '.' && endsWithAbbreviation(s, i))) {
                    return null;
                }
            }
            i++;
        }
        return null;
    }

    private static boolean endsWithAbbreviation(String s, int dot) {
        int k = dot;
        while (k > 0 && Character.isLetter(s.charAt(k - 1))) {
            k--;
        }
        String w = s.substring(k, dot).toLowerCase(Locale.ROOT);
        return w.equals("no") || w.equals("nr") || w.equals("num") || w.equals("n");
    }

    /** 6–9 capitals and digits, at least two digits, not all the same character, not a date. */
    private static boolean isNumber(String s, int start, int end) {
        int len = end - start;
        if (len < 6 || len > 9 || Chars.isWordChar(Chars.at(s, end)) || Chars.isWordChar(Chars.at(s, start - 1))) {
            return false;
        }
        int digits = 0;
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (Chars.isDigit(c)) {
                digits++;
            } else if (!Chars.isUpper(c)) {
                return false;
            }
        }
        if (digits < 2 || Checksums.allSame(s.subSequence(start, end))) {
            return false;
        }
        if (digits == len && len == 8) {
            int y = Integer.parseInt(s, start, start + 4, 10);
            if (y >= 1900 && y <= 2100 && Checksums.validDate(y, Integer.parseInt(s, start + 4, start + 6, 10),
                    Integer.parseInt(s, start + 6, start + 8, 10))) {
                return false;
            }
        }
        return true;
    }

    /** ICAO 9303 TD3: line 1 {@code P[A-Z<]CCC…} (44), line 2 with the number, birth, expiry and composite check digits. */
    private void mrz(String s, int message, List<Finding> out) {
        int n = s.length();
        for (int i = s.indexOf("P"); i >= 0 && i + 89 <= n; i = s.indexOf("P", i + 1)) {
            if (i > 0 && s.charAt(i - 1) != '\n' && s.charAt(i - 1) != ' ' && s.charAt(i - 1) != '"'
                    && s.charAt(i - 1) != '\t') {
                continue;
            }
            char type = s.charAt(i + 1);
            if (!(type == '<' || Chars.isUpper(type)) || !mrzLine(s, i, 44)) {
                continue;
            }
            int j = i + 44;
            while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\r' || s.charAt(j) == '\t')) {
                j++;
            }
            if (j >= n || s.charAt(j) != '\n') {
                continue;
            }
            j++;
            while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                j++;
            }
            if (j + 44 > n || !mrzLine(s, j, 44) || Chars.isWordChar(Chars.at(s, j + 44))) {
                continue;
            }
            boolean ok = Checksums.mrzDigit(s, j, j + 9, j + 9)
                    && Checksums.mrzDigit(s, j + 13, j + 19, j + 19)
                    && Checksums.mrzDigit(s, j + 21, j + 27, j + 27);
            if (ok) {
                String composite = s.substring(j, j + 10) + s.substring(j + 13, j + 20) + s.substring(j + 21, j + 43);
                ok = Checksums.mrz(composite, 0, composite.length()) == s.charAt(j + 43) - '0';
            }
            if (ok) {
                out.add(new Finding(FindingType.PASSPORT, message, i, j + 44, name(), 0.99));
                i = j + 43;
            }
        }
    }

    private static boolean mrzLine(String s, int from, int len) {
        for (int k = from; k < from + len; k++) {
            char c = s.charAt(k);
            if (!(Chars.isUpper(c) || Chars.isDigit(c) || c == '<')) {
                return false;
            }
        }
        return true;
    }
}
