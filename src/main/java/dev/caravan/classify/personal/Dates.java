package dev.caravan.classify.personal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds calendar dates in a short region: numeric ({@code 1984-03-12}, {@code 12/03/1984},
 * {@code 03/12/1984}, {@code 12.03.1984}, {@code 12-03-84}, {@code 19840312}) and written
 * ({@code March 12, 1984}, {@code 12 Mar 1984}, {@code 12. März 1984}, {@code 12 de marzo de 1984},
 * {@code 1st of March 1984}) in English, German, French, Spanish, Italian, Dutch and Portuguese.
 * Ambiguous numeric dates are accepted when either day-month order gives a real date.
 */
final class Dates {

    /** A date found at [start, end). Day-first and month-first readings may both be real. */
    record Hit(int start, int end, List<LocalDate> readings) {
    }

    private static final Map<String, Integer> MONTHS = new HashMap<>();

    static {
        String[][] names = {
            {"january", "jan", "januar", "janvier", "enero", "gennaio", "januari", "janeiro", "jänner", "janv"},
            {"february", "feb", "februar", "février", "fevrier", "febrero", "febbraio", "februari", "fevereiro", "févr", "fevr"},
            {"march", "mar", "märz", "maerz", "mars", "marzo", "maart", "março", "marco", "mrz"},
            {"april", "apr", "avril", "abril", "aprile", "avr"},
            {"may", "mai", "mayo", "maggio", "mei", "maio"},
            {"june", "jun", "juni", "juin", "junio", "giugno", "junho"},
            {"july", "jul", "juli", "juillet", "julio", "luglio", "julho", "juil"},
            {"august", "aug", "août", "aout", "agosto", "augustus"},
            {"september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "setembro"},
            {"october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro", "okt"},
            {"november", "nov", "novembre", "noviembre", "novembro"},
            {"december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro", "dez", "déc"},
        };
        for (int m = 0; m < names.length; m++) {
            for (String name : names[m]) {
                MONTHS.put(name, m + 1);
            }
        }
    }

    private static final String MONTH = "(\\p{L}{3,10})\\.?";
    private static final String DAY = "(\\d{1,2})(?:st|nd|rd|th|er|º|°)?\\.?";
    private static final String YEAR = "(\\d{4})(?!\\d)";
    private static final Pattern NUMERIC_YMD = Pattern.compile("(?<!\\d)(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?!\\d)");
    private static final Pattern NUMERIC_DMY = Pattern.compile(
            "(?<![\\d.])(\\d{1,2})([-/.]) ?(\\d{1,2})\\2 ?(\\d{4}|\\d{2})(?![\\d]|\\.\\d)");
    private static final Pattern COMPACT = Pattern.compile("(?<!\\d)(\\d{8})(?!\\d)");
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
            "(?<![\\d\\p{L}])" + DAY + "(?:\\s+of|\\s+de|\\s*-|\\s*/)?\\s*" + MONTH + "(?:,?\\s+de|,|\\s*-|\\s*/)?\\s*" + YEAR,
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(
            "(?<![\\p{L}])" + MONTH + "\\s+" + DAY + ",?\\s+" + YEAR,
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private Dates() {
    }

    static List<Hit> find(String s, int from, int to) {
        from = Math.max(0, from);
        to = Math.min(s.length(), to);
        List<Hit> hits = new ArrayList<>(2);
        Matcher m = NUMERIC_YMD.matcher(s).region(from, to).useTransparentBounds(true);
        while (m.find()) {
            add(hits, m.start(), m.end(), reading(num(m, 1), num(m, 3), num(m, 4)));
        }
        m = NUMERIC_DMY.matcher(s).region(from, to).useTransparentBounds(true);
        while (m.find()) {
            int y = year(m.group(4));
            List<LocalDate> r = new ArrayList<>(2);
            addIf(r, reading(y, num(m, 3), num(m, 1)));
            addIf(r, reading(y, num(m, 1), num(m, 3)));
            add(hits, m.start(), m.end(), r);
        }
        m = DAY_MONTH_YEAR.matcher(s).region(from, to).useTransparentBounds(true);
        while (m.find()) {
            Integer month = MONTHS.get(m.group(2).toLowerCase(Locale.ROOT));
            if (month != null) {
                add(hits, m.start(), m.end(), reading(num(m, 3), month, num(m, 1)));
            }
        }
        m = MONTH_DAY_YEAR.matcher(s).region(from, to).useTransparentBounds(true);
        while (m.find()) {
            Integer month = MONTHS.get(m.group(1).toLowerCase(Locale.ROOT));
            if (month != null) {
                add(hits, m.start(), m.end(), reading(num(m, 3), month, num(m, 2)));
            }
        }
        m = COMPACT.matcher(s).region(from, to).useTransparentBounds(true);
        while (m.find()) {
            String d = m.group(1);
            List<LocalDate> r = new ArrayList<>(2);
            addIf(r, reading(Integer.parseInt(d, 0, 4, 10), Integer.parseInt(d, 4, 6, 10), Integer.parseInt(d, 6, 8, 10)));
            addIf(r, reading(Integer.parseInt(d, 4, 8, 10), Integer.parseInt(d, 2, 4, 10), Integer.parseInt(d, 0, 2, 10)));
            add(hits, m.start(), m.end(), r);
        }
        hits.sort((x, y) -> Integer.compare(x.start(), y.start()));
        return hits;
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int year(String y) {
        int v = Integer.parseInt(y);
        if (y.length() == 2) {
            int now = LocalDate.now().getYear() % 100;
            v += v <= now ? 2000 : 1900;
        }
        return v;
    }

    private static LocalDate reading(int y, int m, int d) {
        return Checksums.validDate(y, m, d) ? LocalDate.of(y, m, d) : null;
    }

    private static void addIf(List<LocalDate> r, LocalDate d) {
        if (d != null && !r.contains(d)) {
            r.add(d);
        }
    }

    private static void add(List<Hit> hits, int start, int end, LocalDate d) {
        List<LocalDate> r = new ArrayList<>(1);
        addIf(r, d);
        add(hits, start, end, r);
    }

    private static void add(List<Hit> hits, int start, int end, List<LocalDate> readings) {
        if (readings.isEmpty()) {
            return;
        }
        for (Hit h : hits) {
            if (h.start() < end && start < h.end()) {
                return;
            }
        }
        hits.add(new Hit(start, end, readings));
    }
}
