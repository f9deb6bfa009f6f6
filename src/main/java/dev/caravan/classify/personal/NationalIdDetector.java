package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * National identity numbers. Formats with letters or a strong structure are recognised alone;
 * purely numeric ones whose check digit catches only some random numbers need context words
 * (or a column header) naming them:
 * <ul>
 *   <li>UK National Insurance number {@code AB 12 34 56 C} (valid prefix letters, suffix A–D);</li>
 *   <li>Spanish DNI {@code 12345678Z} and NIE {@code X1234567L} (check letter);</li>
 *   <li>Italian codice fiscale {@code RSSMRA85T10A562S} (check character);</li>
 *   <li>French NIR/INSEE {@code 1 84 12 76 451 089 46} (sex, month, key = 97 − n mod 97);</li>
 *   <li>Brazilian CPF {@code 123.456.789-09} (two check digits; bare 11 digits need "CPF");</li>
 *   <li>Chinese resident id (18 chars, birth date, ISO 7064 MOD 11-2);</li>
 *   <li>Singapore NRIC/FIN {@code S1234567D} (check letter);</li>
 *   <li>with context: Dutch BSN (11-proof), German Steuer-ID (ISO 7064 MOD 11,10), Indian
 *       Aadhaar (Verhoeff), Canadian SIN (Luhn), Polish PESEL (weighted check and birth date),
 *       Swedish personnummer (Luhn and birth date).</li>
 * </ul>
 */
final class NationalIdDetector implements Detector {

    private static final Keywords NINO_CONTEXT = new Keywords("national insurance", "=NI", "=NINO", "ni number", "nino");
    private static final Keywords NIR_CONTEXT = new Keywords("sécurité sociale", "securite sociale", "=NIR", "insee",
            "sécu", "secu", "carte vitale", "numéro de sécurité sociale");
    private static final Keywords BSN_CONTEXT = new Keywords("bsn", "burgerservicenummer", "sofinummer", "sofi nummer",
            "citizen service number", "persoonsnummer");
    private static final Keywords STEUER_CONTEXT = new Keywords("steuer id", "steuerid", "steuer idnr",
            "steueridentifikationsnummer", "steuer identifikationsnummer", "identifikationsnummer", "idnr",
            "steuernummer", "tax id", "tax identification number", "=TIN", "steuerliche identifikationsnummer");
    private static final Keywords AADHAAR_CONTEXT = new Keywords("aadhaar", "aadhar", "adhaar", "uidai", "=UID",
            "आधार");
    private static final Keywords SIN_CONTEXT = new Keywords("=SIN", "social insurance", "=NAS", "assurance sociale",
            "numéro d'assurance sociale", "sin number", "sin no");
    private static final Keywords CPF_CONTEXT = new Keywords("cpf", "cadastro de pessoas", "cadastro de pessoa");
    private static final Keywords PESEL_CONTEXT = new Keywords("pesel");
    private static final Keywords PNR_CONTEXT = new Keywords("personnummer", "personnr", "personal identity number",
            "swedish id");
    private static final Keywords CHINA_CONTEXT = new Keywords("身份证", "resident identity", "id card", "identity card",
            "身份證");

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

    @Override
    public String name() {
        return "national-id";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        Tables tables = new Tables(s);
        NumRun.scan(s, " -./", 6, run -> numeric(s, run, tables, message, out));
        letters(s, message, out);
    }

    // ---- numeric identifiers -------------------------------------------------------------

    private void numeric(String s, NumRun run, Tables tables, int message, List<Finding> out) {
        int a = 0;
        while (a < run.n) {
            int taken = -1;
            for (int b = run.n - 1; b >= a && taken < 0; b--) {
                if (run.splittable(a, b) && tryWindow(s, run, a, b, tables, message, out)) {
                    taken = b;
                }
            }
            a = taken >= 0 ? taken + 1 : a + 1;
        }
    }

    private boolean tryWindow(String s, NumRun run, int a, int b, Tables tables, int message, List<Finding> out) {
        int digits = run.digitCount(a, b);
        if (digits < 6 || digits > 18) {
            return false;
        }
        int start = run.groupStart(a);
        int end = run.groupEnd(b);
        char sep = run.separator(a, b);
        // ids recognised by context and a weak checksum must be the whole run, not a piece of a longer number
        boolean whole = a == 0 && b == run.n - 1;
        String d = null;
        switch (digits) {
            case 7, 8 -> {
                return spanish(s, run, a, b, message, out);
            }
            case 9 -> {
                if (!Chars.cleanBefore(s, start) || !Chars.cleanAfter(s, end)) {
                    return false;
                }
                d = run.digits(a, b);
                boolean bsnShape = a == b || sep == ' ' || (sep == '.' && run.shape(a, b, 4, 2, 3));
                if (whole && bsnShape && Checksums.elevenProof(d) && Context.has(s, start, end, BSN_CONTEXT, tables)) {
                    return add(out, message, start, end, 0.85);
                }
                boolean sinShape = a == b || ((sep == ' ' || sep == '-') && run.shape(a, b, 3, 3, 3));
                if (whole && sinShape && Checksums.luhn(d)
                        && Context.has(s, start, end, SIN_CONTEXT, tables)) {
                    return add(out, message, start, end, 0.85);
                }
                return false;
            }
            case 10 -> {
                return swedish(s, run, a, b, tables, message, out);
            }
            case 11 -> {
                if (!Chars.cleanBefore(s, start) || !Chars.cleanAfter(s, end)) {
                    return false;
                }
                d = run.digits(a, b);
                boolean cpfFormatted = run.shape(a, b, 3, 3, 3, 2) && run.separatorBefore(a + 1) == '.'
                        && run.separatorBefore(a + 2) == '.' && run.separatorBefore(a + 3) == '-';
                if ((cpfFormatted || a == b) && Checksums.cpf(d)
                        && (cpfFormatted || whole && Context.has(s, start, end, CPF_CONTEXT, tables))) {
                    return add(out, message, start, end, cpfFormatted ? 0.95 : 0.85);
                }
                boolean steuerShape = a == b || ((sep == ' ' || sep == '/') && run.shape(a, b, 2, 3, 3, 3));
                if (whole && steuerShape && steuerId(d) && Context.has(s, start, end, STEUER_CONTEXT, tables)) {
                    return add(out, message, start, end, 0.85);
                }
                if (whole && a == b && Checksums.pesel(d) && peselDate(d) && Context.has(s, start, end, PESEL_CONTEXT, tables)) {
                    return add(out, message, start, end, 0.85);
                }
                return false;
            }
            case 12 -> {
                if (!Chars.cleanBefore(s, start) || !Chars.cleanAfter(s, end)) {
                    return swedish(s, run, a, b, tables, message, out);
                }
                d = run.digits(a, b);
                boolean aadhaarShape = a == b || ((sep == ' ' || sep == '-') && run.shape(a, b, 4, 4, 4));
                if (whole && aadhaarShape && Checksums.verhoeff(d)
                        && Context.has(s, start, end, AADHAAR_CONTEXT, tables)) {
                    return add(out, message, start, end, 0.85);
                }
                return swedish(s, run, a, b, tables, message, out);
            }
            case 13, 15 -> {
                return french(s, run, a, b, tables, message, out);
            }
            case 17, 18 -> {
                return chinese(s, run, a, b, tables, message, out);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean add(List<Finding> out, int message, int start, int end, double confidence) {
        out.add(new Finding(FindingType.NATIONAL_ID, message, start, end, name(), confidence));
        return true;
    }

    /** DNI {@code 12345678Z} / {@code 12.345.678-Z}; NIE {@code X1234567L} / {@code X-1234567-L}. */
    private boolean spanish(String s, NumRun run, int a, int b, int message, List<Finding> out) {
        int digits = run.digitCount(a, b);
        int start = run.groupStart(a);
        int end = run.groupEnd(b);
        if (a != b && !(digits == 8 && run.shape(a, b, 2, 3, 3) && run.separator(a, b) == '.')) {
            return false;
        }
        String d = run.digits(a, b);
        int from = start;
        if (digits == 7) {
            char p = Chars.at(s, start - 1);
            int letterAt = p == '-' ? start - 2 : start - 1;
            char nie = Chars.at(s, letterAt);
            if (nie != 'X' && nie != 'Y' && nie != 'Z') {
                return false;
            }
            from = letterAt;
            d = (char) ('0' + nie - 'X') + d;
        }
        if (!Chars.cleanBefore(s, from)) {
            return false;
        }
        int k = end;
        if (Chars.at(s, k) == '-' || Chars.at(s, k) == ' ') {
            k++;
        }
        char letter = Chars.at(s, k);
        if (!Chars.isUpper(letter) || Chars.isWordChar(Chars.at(s, k + 1))) {
            return false;
        }
        if (DNI_LETTERS.charAt(Integer.parseInt(d) % 23) != letter) {
            return false;
        }
        return add(out, message, from, k + 1, 0.9);
    }

    /** French NIR: 13 digits + 2-digit key (or 13 digits alone with context). */
    private boolean french(String s, NumRun run, int a, int b, Tables tables, int message, List<Finding> out) {
        int start = run.groupStart(a);
        int end = run.groupEnd(b);
        char sep = run.separator(a, b);
        if (sep != 0 && sep != ' ' || !Chars.cleanBefore(s, start) || !Chars.cleanAfter(s, end)) {
            return false;
        }
        String d = run.digits(a, b);
        char sex = d.charAt(0);
        if (sex != '1' && sex != '2' && sex != '7' && sex != '8') {
            return false;
        }
        int month = Integer.parseInt(d, 3, 5, 10);
        if (!(month >= 1 && month <= 12 || month >= 20)) {
            return false;
        }
        if (d.startsWith("00", 5)) {
            return false;
        }
        if (d.length() == 15) {
            long body = Long.parseLong(d, 0, 13, 10);
            int key = Integer.parseInt(d, 13, 15, 10);
            if (97 - body % 97 != key) {
                return false;
            }
            boolean context = Context.has(s, start, end, NIR_CONTEXT, tables);
            return add(out, message, start, end, context ? 0.95 : 0.9);
        }
        // 13 digits without the key: only a whole run, never a 15-digit number with a wrong key cut short
        return a == 0 && b == run.n - 1 && Context.has(s, start, end, NIR_CONTEXT, tables)
                && add(out, message, start, end, 0.8);
    }

    /** Chinese resident id: 6-digit region, birth date yyyymmdd, 3-digit sequence, check char (0-9 or X). */
    private boolean chinese(String s, NumRun run, int a, int b, Tables tables, int message, List<Finding> out) {
        if (a != b) {
            return false;
        }
        int start = run.groupStart(a);
        int end = run.groupEnd(b);
        String d = run.digits(a, b);
        if (d.length() == 17) {
            char x = Chars.at(s, end);
            if (x != 'X' && x != 'x') {
                return false;
            }
            d += 'X';
            end++;
        }
        if (!Chars.cleanBefore(s, start) || !Chars.cleanAfter(s, end) || d.charAt(0) < '1' || d.charAt(0) > '8') {
            return false;
        }
        int y = Integer.parseInt(d, 6, 10, 10);
        int m = Integer.parseInt(d, 10, 12, 10);
        int day = Integer.parseInt(d, 12, 14, 10);
        int now = LocalDate.now(ZoneOffset.UTC).getYear();
        if (y < now - 120 || y > now || !Checksums.validDate(y, m, day) || !Checksums.chineseId(d)) {
            return false;
        }
        boolean context = Context.has(s, start, end, CHINA_CONTEXT, tables);
        return add(out, message, start, end, context ? 0.95 : 0.9);
    }

    /** Swedish personnummer {@code 850709-9805} / {@code 19850709-9805} (Luhn over the last 10 digits), with context. */
    private boolean swedish(String s, NumRun run, int a, int b, Tables tables, int message, List<Finding> out) {
        int start = run.groupStart(a);
        int end = run.groupEnd(b);
        boolean shape = a == b || (run.separator(a, b) == '-' && (run.shape(a, b, 6, 4) || run.shape(a, b, 8, 4)));
        if (!shape || a != 0 || b != run.n - 1 || !Chars.cleanBefore(s, start) || !Chars.cleanAfter(s, end)) {
            return false;
        }
        String d = run.digits(a, b);
        String ten = d.length() == 12 ? d.substring(2) : d;
        int m = Integer.parseInt(ten, 2, 4, 10);
        int day = Integer.parseInt(ten, 4, 6, 10);
        if (m < 1 || m > 12 || day < 1 || day > 91 || !Checksums.luhn(ten)) {
            return false;
        }
        return Context.has(s, start, end, PNR_CONTEXT, tables) && add(out, message, start, end, 0.85);
    }

    /**
     * German tax id: 11 digits, no leading 0, ISO 7064 MOD 11,10 check digit. (Issued ids also repeat
     * exactly one digit in the first ten; that rule is not enforced — context is required anyway.)
     */
    static boolean steuerId(String d) {
        return d.length() == 11 && d.charAt(0) != '0' && Checksums.iso7064Mod11_10(d);
    }

    private static boolean peselDate(String d) {
        int yy = Integer.parseInt(d, 0, 2, 10);
        int mm = Integer.parseInt(d, 2, 4, 10);
        int dd = Integer.parseInt(d, 4, 6, 10);
        int century = switch (mm / 20) {
            case 0 -> 1900;
            case 1 -> 2000;
            case 2 -> 2100;
            case 3 -> 2200;
            default -> 1800;
        };
        return Checksums.validDate(century + yy, mm % 20, dd);
    }

    // ---- identifiers with letters ------------------------------------------------------------

    /** NINO, codice fiscale and NRIC, found from their digit sequences: each has letters right before its first digits. */
    private void letters(String s, int message, List<Finding> out) {
        TextIndex index = TextIndex.of(s);
        int consumed = 0;
        for (int k = 0; k < index.digits; k++) {
            int d = index.digitStart[k];
            int len = index.digitEnd[k] - d;
            if (d < consumed) {
                continue;
            }
            int end = -1;
            int start = -1;
            if (len == 2 || len == 6) {
                start = Chars.at(s, d - 1) == ' ' ? d - 3 : d - 2;
                end = start >= 0 && wordStartAt(s, start) ? nino(s, start) : -1;
                if (end > 0) {
                    boolean context = NINO_CONTEXT.any(s, Math.max(0, start - 48), Math.min(s.length(), end + 24));
                    add(out, message, start, end, context ? 0.95 : 0.9);
                    consumed = end;
                    continue;
                }
            }
            if (len >= 1 && d >= 6) {
                start = d - 6;
                end = wordStartAt(s, start) ? codiceFiscale(s, start) : -1;
                if (end > 0) {
                    add(out, message, start, end, 0.95);
                    consumed = end;
                    continue;
                }
            }
            if (len == 7 && d >= 1) {
                start = d - 1;
                end = wordStartAt(s, start) ? nric(s, start) : -1;
                if (end > 0) {
                    add(out, message, start, end, 0.9);
                    consumed = end;
                }
            }
        }
    }

    private static boolean wordStartAt(String s, int i) {
        return Chars.isUpper(s.charAt(i)) && !Chars.isWordChar(Chars.at(s, i - 1));
    }

    /** UK NINO at {@code i}: two prefix letters, 6 digits (optionally paired with spaces), suffix A–D. */
    private static int nino(String s, int i) {
        char a = s.charAt(i);
        char b = Chars.at(s, i + 1);
        if (!Chars.isUpper(b) || "DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) {
            return -1;
        }
        String prefix = s.substring(i, i + 2);
        if (prefix.equals("BG") || prefix.equals("GB") || prefix.equals("NK") || prefix.equals("KN")
                || prefix.equals("TN") || prefix.equals("NT") || prefix.equals("ZZ")) {
            return -1;
        }
        int j = i + 2;
        boolean spaced = Chars.at(s, j) == ' ';
        int digits = 0;
        for (int pair = 0; pair < 3; pair++) {
            if (spaced) {
                if (Chars.at(s, j) != ' ') {
                    return -1;
                }
                j++;
            }
            if (!Chars.isDigit(Chars.at(s, j)) || !Chars.isDigit(Chars.at(s, j + 1))) {
                return -1;
            }
            j += 2;
            digits += 2;
        }
        if (spaced || Chars.at(s, j) == ' ') {
            if (Chars.at(s, j) != ' ') {
                return -1;
            }
            j++;
        }
        char suffix = Chars.at(s, j);
        if (suffix < 'A' || suffix > 'D' || Chars.isWordChar(Chars.at(s, j + 1))) {
            return -1;
        }
        return digits == 6 ? j + 1 : -1;
    }

    /** Singapore NRIC/FIN at {@code i}: S, T, F or G, 7 digits, check letter. */
    private static int nric(String s, int i) {
        char first = s.charAt(i);
        if ("STFG".indexOf(first) < 0 || i + 9 > s.length() || Chars.isWordChar(Chars.at(s, i + 9))) {
            return -1;
        }
        int[] w = {2, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int k = 0; k < 7; k++) {
            char c = s.charAt(i + 1 + k);
            if (!Chars.isDigit(c)) {
                return -1;
            }
            sum += w[k] * (c - '0');
        }
        if (first == 'T' || first == 'G') {
            sum += 4;
        }
        String letters = first == 'S' || first == 'T' ? "JZIHGFEDCBA" : "XWUTRQPNMLK";
        return s.charAt(i + 8) == letters.charAt(sum % 11) ? i + 9 : -1;
    }

    private static final String CF_DIGIT_LETTERS = "LMNPQRSTUV";
    private static final String CF_MONTHS = "ABCDEHLMPRST";
    private static final int[] CF_ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10,
        22, 25, 24, 23};

    /** Italian codice fiscale at {@code i}: 6 letters, 2 digits, month letter, 2 digits, letter, 3 digits, check letter. */
    private static int codiceFiscale(String s, int i) {
        int end = i + 16;
        if (end > s.length() || Chars.isWordChar(Chars.at(s, end))) {
            return -1;
        }
        int realDigits = 0;
        for (int k = 0; k < 16; k++) {
            char c = s.charAt(i + k);
            boolean ok;
            switch (k) {
                case 6, 7, 9, 10, 12, 13, 14 -> {
                    ok = Chars.isDigit(c) || CF_DIGIT_LETTERS.indexOf(c) >= 0;
                    if (Chars.isDigit(c)) {
                        realDigits++;
                    }
                }
                case 8 -> ok = CF_MONTHS.indexOf(c) >= 0;
                default -> ok = Chars.isUpper(c);
            }
            if (!ok) {
                return -1;
            }
        }
        if (realDigits < 4) {
            return -1;
        }
        int sum = 0;
        for (int k = 0; k < 15; k++) {
            char c = s.charAt(i + k);
            int v = Chars.isDigit(c) ? c - '0' : c - 'A';
            sum += (k % 2 == 0) ? CF_ODD[v] : v;
        }
        return s.charAt(i + 15) == (char) ('A' + sum % 26) ? end : -1;
    }
}
