package dev.caravan.classify.personal;

import org.apache.commons.validator.routines.checkdigit.VerhoeffCheckDigit;

/** Check-digit algorithms of the identifiers the detectors recognise. */
final class Checksums {

    private Checksums() {
    }

    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    static boolean verhoeff(String digits) {
        return VerhoeffCheckDigit.VERHOEFF_CHECK_DIGIT.isValid(digits);
    }

    /** ISO 7064 MOD 11,10 (German tax id): the last digit checks the others. */
    static boolean iso7064Mod11_10(String digits) {
        int product = 10;
        for (int i = 0; i < digits.length() - 1; i++) {
            int sum = (digits.charAt(i) - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        if (check == 10) {
            check = 0;
        }
        return check == digits.charAt(digits.length() - 1) - '0';
    }

    /** Dutch "elfproef" for a BSN of 9 digits. */
    static boolean elevenProof(String d) {
        if (d.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (d.charAt(i) - '0');
        }
        sum -= d.charAt(8) - '0';
        return sum != 0 && sum % 11 == 0;
    }

    /** Brazilian CPF: two mod-11 check digits; all-equal digits are not issued. */
    static boolean cpf(String d) {
        if (d.length() != 11 || allSame(d)) {
            return false;
        }
        return cpfDigit(d, 9) == d.charAt(9) - '0' && cpfDigit(d, 10) == d.charAt(10) - '0';
    }

    private static int cpfDigit(String d, int len) {
        int sum = 0;
        for (int i = 0; i < len; i++) {
            sum += (d.charAt(i) - '0') * (len + 1 - i);
        }
        int r = (sum * 10) % 11;
        return r == 10 ? 0 : r;
    }

    /** Polish PESEL: weighted sum check digit. */
    static boolean pesel(String d) {
        if (d.length() != 11) {
            return false;
        }
        int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += w[i] * (d.charAt(i) - '0');
        }
        return (10 - sum % 10) % 10 == d.charAt(10) - '0';
    }

    /** Chinese resident identity card (ISO 7064 MOD 11-2): 17 digits and a check char 0-9 or X. */
    static boolean chineseId(String s) {
        if (s.length() != 18) {
            return false;
        }
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += w[i] * (s.charAt(i) - '0');
        }
        char expected = "10X98765432".charAt(sum % 11);
        return Character.toUpperCase(s.charAt(17)) == expected;
    }

    /** ICAO 9303 check digit over s[from, to): weights 7, 3, 1; '<' = 0, A = 10 … Z = 35. */
    static int mrz(CharSequence s, int from, int to) {
        int[] w = {7, 3, 1};
        int sum = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (c >= 'A' && c <= 'Z') {
                v = c - 'A' + 10;
            } else {
                v = 0;
            }
            sum += v * w[(i - from) % 3];
        }
        return sum % 10;
    }

    static boolean mrzDigit(CharSequence s, int from, int to, int checkAt) {
        char c = s.charAt(checkAt);
        int expected = mrz(s, from, to);
        return c == '<' ? expected == 0 && onlyFillers(s, from, to) : c - '0' == expected;
    }

    private static boolean onlyFillers(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '<') {
                return false;
            }
        }
        return true;
    }

    static boolean allSame(CharSequence d) {
        for (int i = 1; i < d.length(); i++) {
            if (d.charAt(i) != d.charAt(0)) {
                return false;
            }
        }
        return true;
    }

    /** Whether y-m-d is a real calendar date. */
    static boolean validDate(int y, int m, int d) {
        if (m < 1 || m > 12 || d < 1) {
            return false;
        }
        int[] days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int max = days[m - 1];
        if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
            max = 29;
        }
        return d <= max;
    }
}
