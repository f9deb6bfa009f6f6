package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.List;
import java.util.Locale;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * IBANs, electronic ({@code DE89370400440532013000}) or printed in groups of four
 * ({@code DE89 3704 0044 0532 0130 00}), validated by commons-validator {@link IBANValidator}:
 * the country's length and format and the ISO 7064 mod-97 check. Lower-case IBANs are read
 * upper-cased (the check digits make a false match as unlikely as in upper case).
 */
final class IbanDetector implements Detector {

    private final IBANValidator validator = IBANValidator.getInstance();

    @Override
    public String name() {
        return "iban";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        int n = s.length();
        TextIndex index = TextIndex.of(s);
        int consumed = 0;
        for (int k = 0; k < index.digits; k++) {
            // the check digits: a digit sequence right after two letters
            int i = index.digitStart[k] - 2;
            if (i < consumed || i + 15 > n || index.digitEnd[k] - index.digitStart[k] < 2) {
                continue;
            }
            char a = s.charAt(i);
            char b = s.charAt(i + 1);
            boolean upper = Chars.isUpper(a) && Chars.isUpper(b);
            boolean lower = a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z';
            if (!(upper || lower) || !Chars.isDigit(s.charAt(i + 3)) || Chars.isWordChar(Chars.at(s, i - 1))
                    || !validator.hasValidator(upper ? s.substring(i, i + 2) : s.substring(i, i + 2).toUpperCase(Locale.ROOT))) {
                continue;
            }
            // collect up to 34 alphanumerics, allowing single spaces between groups
            StringBuilder compact = new StringBuilder(34);
            int[] endOf = new int[35];
            boolean[] groupEnd = new boolean[35];
            int j = i;
            while (j < n && compact.length() < 34) {
                char c = s.charAt(j);
                if (Chars.isDigit(c) || Chars.isUpper(c) || (c >= 'a' && c <= 'z')) {
                    compact.append(Character.toUpperCase(c));
                    endOf[compact.length()] = j + 1;
                    j++;
                } else if ((c == ' ' || c == '\u00A0') && j + 1 < n && Character.isLetterOrDigit(s.charAt(j + 1))
                        && compact.length() >= 4) {
                    groupEnd[compact.length()] = true;
                    j++;
                } else {
                    break;
                }
            }
            groupEnd[compact.length()] = true;
            int found = -1;
            for (int len = compact.length(); len >= 15 && found < 0; len--) {
                if (!groupEnd[len]) {
                    continue;
                }
                int end = endOf[len];
                if (Character.isLetterOrDigit(Chars.at(s, end)) || Chars.at(s, end) == '_') {
                    continue;
                }
                if (validator.isValid(compact.substring(0, len))) {
                    found = end;
                }
            }
            if (found > 0) {
                out.add(new Finding(FindingType.IBAN, message, i, found, name(), 0.97));
                consumed = found;
            }
        }
    }
}
