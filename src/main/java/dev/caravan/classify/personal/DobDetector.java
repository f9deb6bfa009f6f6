package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of birth: a date (see {@link Dates} for the formats) that is a plausible birth date (not
 * in the future, at most 120 years ago) right next to birth context — born, DOB, date of birth,
 * birthday, geb., Geburtsdatum, né(e) le, date de naissance, fecha de nacimiento, data di nascita,
 * geboortedatum, … — or in a date-of-birth column of a table. A bare date is never reported, nor
 * birth context without a date.
 * <p>
 * Confidence tells whether the person is named: 0.85 with a name nearby (two capitalised words such
 * as {@code Maria Lopez}, a title and a surname, or a {@code Name:}/{@code Patient:} field); 0.6
 * without one — still reported, because a birth date in a record is personal data even when the
 * name sits elsewhere in the conversation.
 */
final class DobDetector implements Detector {

    /** Labels: a date follows after a colon, a format hint or a few words. */
    private static final String[] LABELS = {"dob", "d.o.b", "d.o.b.", "date of birth", "birth date", "birthdate",
        "birth*", "geb.", "geb", "geburtsdatum", "date de naissance", "naissance", "fecha de nacimiento", "nacimiento",
        "data di nascita", "nascita", "geboortedatum", "data de nascimento", "nascimento", "födelsedatum",
        "fødselsdato", "data urodzenia", "dateofbirth", "date naissance"};
    /** Narrative words ("was born on …"): the date must follow with only small words or place names between. */
    private static final String[] NARRATIVE = {"born", "birthday", "birthdays", "b-day", "geboren", "né le", "née le",
        "né", "née", "nacido", "nacida", "nato il", "nata il", "nato a", "nata a", "geboren op", "nascido", "nascida",
        "urodzony", "urodzona", "født", "geburtstag"};

    private static final Keywords BIRTH;
    private static final int FIRST_NARRATIVE = LABELS.length;

    static {
        String[] all = new String[LABELS.length + NARRATIVE.length];
        System.arraycopy(LABELS, 0, all, 0, LABELS.length);
        System.arraycopy(NARRATIVE, 0, all, LABELS.length, NARRATIVE.length);
        BIRTH = new Keywords(all);
    }

    /** Small words allowed between a narrative birth word and its date. */
    private static final Set<String> GAP_WORDS = Set.copyOf(List.of("on", "in", "at", "the", "of", "a", "an", "was", "is", "were",
            "am", "le", "la", "el", "em", "il", "op", "de", "à", "a", "au", "en", "im", "am", "den", "dem", "der", "des",
            "his", "her", "their", "will", "be", "and", "day", "date", "sur", "el", "del", "di", "van", "het", "th"));

    /** Words between the context and a date that make the date part of a rule or a range, not a birth date. */
    private static final Keywords RULE_WORDS = new Keywords("before", "after", "until", "since", "between", "format",
            "must", "should", "example", "e.g.", "eg", "like", "older", "younger", "than", "earlier", "later", "range",
            "vor", "nach", "avant", "après", "antes", "después", "prima", "dopo", "min", "max", "minimum", "maximum");

    private static final Keywords NAME_LABELS = new Keywords("name", "full name", "patient", "employee", "customer",
            "client", "applicant", "member", "insured", "holder", "passenger", "guest", "student", "candidate",
            "nom", "nombre", "vorname", "nachname", "cognome", "naam", "first name", "last name", "surname",
            "given name", "family name", "=Mr", "=Mrs", "=Ms", "=Miss", "=Dr", "=Herr", "=Frau", "=Mme", "=Sr", "=Sra",
            "=Mr.", "=Mrs.", "=Ms.", "=Dr.", "=M.", "prénom", "apellido", "nome");

    private static final Pattern NAME = Pattern.compile(
            "(?<![\\p{L}])(\\p{Lu}\\p{Ll}+(?:[-'’]\\p{Lu}?\\p{Ll}+)?)\\s+(?:\\p{Lu}\\.\\s+)?(\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?)(?![\\p{L}])");

    private static final Set<String> NOT_NAMES = Set.copyOf(List.of("The", "This", "That", "These", "Date", "Birth", "Born", "Name",
            "Dear", "Hi", "Hello", "Please", "Thanks", "Thank", "Subject", "From", "To", "Re", "Dob", "Patient",
            "Customer", "Client", "Employee", "Record", "Member", "Address", "Phone", "Email", "Mail", "Notes", "Note",
            "Age", "Sex", "Gender", "Status", "Place", "City", "Country", "Street", "Road", "Avenue", "January",
            "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
            "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mr", "Mrs", "Ms",
            "Dr", "Date", "Of", "In", "On", "At", "And", "Or", "For", "With", "Day", "Birthday", "Happy", "New", "Our",
            "Your", "My", "His", "Her", "Their", "We", "It", "Is", "Was", "Team", "Support", "Service", "Hospital",
            "Clinic", "Department", "Form", "Policy", "Bank", "Inc", "Ltd", "Corp", "Company", "Geburtsdatum",
            "Geboren", "Der", "Die", "Das", "Le", "La", "Les", "El", "Los", "Las", "Il", "Kind", "Regards", "Best",
            "Kind", "Medical", "History", "Intake", "Visit", "Admission", "Check", "Insurance", "Number", "Id"));

    @Override
    public String name() {
        return "dob";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        List<Keywords.Hit> hits = BIRTH.findAll(s, TextIndex.of(s));
        if (hits.isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<int[]> reported = new ArrayList<>();
        Tables tables = null;
        for (Keywords.Hit hit : hits) {
            if (covered(reported, hit.start())) {
                continue;
            }
            // a date-of-birth column of a table
            int ls = Chars.lineStart(s, hit.start());
            if (tables == null) {
                tables = new Tables(s);
            }
            char d = tables.delimiter(ls);
            if (d != 0 && tables.isHeader(ls, d)) {
                int column = tables.count(ls, hit.start(), d);
                int[] cell = tables.cell(ls, column, d);
                if (cell != null && !hasDigit(s, cell[0], cell[1])) {
                    boolean namedColumn = NAME_LABELS.any(s, ls, Chars.lineEnd(s, ls));
                    int before = reported.size();
                    tables.forEachCellBelow(ls, column, d, (line, start, end) -> {
                        for (Dates.Hit date : Dates.find(s, start, end)) {
                            if (plausible(date, today) && !covered(reported, date.start())) {
                                boolean named = namedColumn || hasName(s, line, Chars.lineEnd(s, line));
                                report(out, message, reported, date, named);
                            }
                        }
                    });
                    if (reported.size() > before) {
                        continue;
                    }
                }
            }
            // a date right after the context (same or next line), or just before it on the same line
            int le = Chars.lineEnd(s, hit.end());
            int after = Math.min(hit.end() + 64, le < s.length() ? Chars.lineEnd(s, le + 1) : le);
            Dates.Hit best = null;
            for (Dates.Hit date : Dates.find(s, hit.end(), after)) {
                if (RULE_WORDS.any(s, hit.end(), date.start())
                        || !closeEnough(s, hit.end(), date.start(), hit.tag() >= FIRST_NARRATIVE)) {
                    break; // "date of birth must be before 2006-01-01": a rule, not a person's date
                }
                if (plausible(date, today) && !covered(reported, date.start())) {
                    best = date;
                    break;
                }
            }
            if (best == null) {
                int before = Math.max(ls, hit.start() - 32);
                List<Dates.Hit> earlier = Dates.find(s, before, hit.start());
                for (int k = earlier.size() - 1; k >= 0 && best == null; k--) {
                    Dates.Hit date = earlier.get(k);
                    if (plausible(date, today) && !covered(reported, date.start())
                            && onlyPunctuation(s, date.end(), hit.start())) {
                        best = date;
                    }
                }
            }
            if (best != null) {
                boolean named = hasName(s, Math.max(0, hit.start() - 240), Math.min(s.length(), best.end() + 240));
                report(out, message, reported, best, named);
            }
        }
    }

    /**
     * Whether the text between the context and the date is short filler ("born on", "born in Lyon
     * on", "Date of birth (DD/MM/YYYY):") rather than another clause or sentence.
     */
    private static boolean closeEnough(String s, int from, int to, boolean narrative) {
        int words = 0;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == ';' || (c == '.' || c == '!' || c == '?') && i + 1 < to && Character.isWhitespace(s.charAt(i + 1))
                    && i - from > 1) {
                return false;
            }
            if (!Character.isLetterOrDigit(c)) {
                i++;
                continue;
            }
            int w = i;
            while (i < to && Character.isLetterOrDigit(s.charAt(i))) {
                i++;
            }
            words++;
            if (narrative && !Character.isUpperCase(s.charAt(w))
                    && !GAP_WORDS.contains(s.substring(w, i).toLowerCase(Locale.ROOT))) {
                return false; // "born out of a hackathon; shipped on …", "Born to Run was released on …"
            }
        }
        return words <= 5;
    }

    private static boolean hasDigit(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Chars.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** "12/03/1984 (DOB)", "1984-03-12 - born": nothing but blanks and light punctuation between. */
    private static boolean onlyPunctuation(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(Character.isWhitespace(c) || c == '(' || c == '[' || c == ',' || c == '-' || c == ':' || c == '|')) {
                return false;
            }
        }
        return true;
    }

    private void report(List<Finding> out, int message, List<int[]> reported, Dates.Hit date, boolean named) {
        reported.add(new int[] {date.start(), date.end()});
        out.add(new Finding(FindingType.DATE_OF_BIRTH, message, date.start(), date.end(), name(), named ? 0.85 : 0.6));
    }

    private static boolean covered(List<int[]> reported, int pos) {
        for (int[] r : reported) {
            if (pos >= r[0] && pos < r[1]) {
                return true;
            }
        }
        return false;
    }

    private static boolean plausible(Dates.Hit date, LocalDate today) {
        LocalDate oldest = today.minusYears(120);
        for (LocalDate d : date.readings()) {
            if (!d.isAfter(today) && !d.isBefore(oldest)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasName(String s, int from, int to) {
        if (NAME_LABELS.any(s, from, to)) {
            return true;
        }
        Matcher m = NAME.matcher(s).region(from, to);
        while (m.find()) {
            if (!NOT_NAMES.contains(m.group(1)) && !NOT_NAMES.contains(m.group(2))) {
                return true;
            }
        }
        return false;
    }
}
