package dev.caravan.classify.secrets;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS credentials. Access key ids: AKIA/ASIA/AGPA/AIDA/AROA/AIPA/ANPA/ANVA/ABIA/ACCA followed by
 * 16 upper-case base32 characters (digits 0-9 tolerated at lower confidence). Secret access keys:
 * a standalone 40-character base64 token near an access key id or after a "secret access key"
 * label; the assignment detector also reports them by variable name. AWS's published examples
 * ({@code AKIAIOSFODNN7EXAMPLE}, {@code wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}) and synthetic
 * values are {@code EXAMPLE_CREDENTIAL}.
 */
final class AwsKeyDetector implements Detector {

    static final String NAME = "aws";

    private static final String[] PREFIXES = {"KIA", "SIA", "GPA", "IDA", "ROA", "IPA", "NPA", "NVA", "BIA", "CCA"};
    private static final String[] SECRET_LABELS = {
        "Secret Access Key", "secret access key", "SecretAccessKey", "secretAccessKey", "secret_access_key",
        "SECRET_ACCESS_KEY", "aws_secret_key", "AWS_SECRET_KEY", "awsSecretKey", "SECRET ACCESS KEY"
    };
    private static final int BEFORE = 300;
    private static final int AFTER = 400;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void detect(String text, int message, List<Finding> out) {
        int n = text.length();
        List<int[]> keys = null;
        int i = text.indexOf('A');
        while (i >= 0 && i + 4 <= n) {
            int end = accessKeyEnd(text, i);
            if (end > 0) {
                boolean example = SecretValues.isExampleKey(text, i, end, i + 4);
                boolean base32 = true;
                for (int k = i + 4; k < end; k++) {
                    char c = text.charAt(k);
                    if (c == '0' || c == '1' || c == '8' || c == '9') {
                        base32 = false;
                    }
                }
                out.add(new Finding(example ? FindingType.EXAMPLE_CREDENTIAL : FindingType.AWS_ACCESS_KEY, message, i, end,
                        NAME, base32 ? 0.95 : 0.85));
                if (keys == null) {
                    keys = new ArrayList<>(2);
                }
                keys.add(new int[] {i, end});
                i = text.indexOf('A', end);
            } else {
                int p = placeholderKeyEnd(text, i);
                if (p > 0) {
                    out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, i, p, NAME, 0.8));
                    i = text.indexOf('A', p);
                } else {
                    i = text.indexOf('A', i + 1);
                }
            }
        }
        if (keys != null) {
            for (int[] key : keys) {
                secretsNear(text, message, Math.max(0, key[0] - BEFORE), key[0], out);
                secretsNear(text, message, key[1], Math.min(n, key[1] + AFTER), out);
            }
        }
        if (text.indexOf("ecret") >= 0 || text.indexOf("ECRET") >= 0) {
            for (String label : SECRET_LABELS) {
                int from = 0;
                int l;
                while ((l = text.indexOf(label, from)) >= 0) {
                    from = l + label.length();
                    secretsNear(text, message, from, Math.min(n, from + 120), out);
                }
            }
        }
    }

    /** End of an access key id starting at {@code i}, or -1. */
    private static int accessKeyEnd(String text, int i) {
        int n = text.length();
        if (i + 20 > n || (i > 0 && SecretValues.isAlnum(text.charAt(i - 1))) || !hasPrefix(text, i)) {
            return -1;
        }
        for (int k = i + 4; k < i + 20; k++) {
            char c = text.charAt(k);
            if (!(SecretValues.isUpper(c) || SecretValues.isDigit(c))) {
                return -1;
            }
        }
        if (i + 20 < n && SecretValues.isAlnum(text.charAt(i + 20))) {
            return -1;
        }
        return i + 20;
    }

    private static boolean hasPrefix(String text, int i) {
        for (String p : PREFIXES) {
            if (text.startsWith(p, i + 1)) {
                return true;
            }
        }
        return false;
    }

    /** {@code AKIA...}, {@code AKIAXXXX}, {@code AKIA<your key>}: the prefix with a placeholder body. */
    private static int placeholderKeyEnd(String text, int i) {
        if (!(text.startsWith("AKIA", i) || text.startsWith("ASIA", i)) || (i > 0 && SecretValues.isAlnum(text.charAt(i - 1)))) {
            return -1;
        }
        int e = i + 4;
        while (e < text.length() && e - i < 60 && !stops(text.charAt(e))) {
            e++;
        }
        return e - i >= 7 && (SecretValues.startsLikePlaceholder(text, i + 4, e) || SecretValues.isTemplateWords(text, i + 4, e))
                ? e : -1;
    }

    private static boolean stops(char c) {
        return SecretValues.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == ',' || c == ';' || c == ')'
                || c == '}' || c == ']';
    }

    /** Standalone 40-character base64 tokens (mixed case and digits, not hex) in {@code [from, to)}. */
    private static void secretsNear(String text, int message, int from, int to, List<Finding> out) {
        int i = from;
        while (i < to) {
            if (!SecretValues.isB64(text.charAt(i))) {
                i++;
                continue;
            }
            int s = i;
            while (i < text.length() && SecretValues.isB64(text.charAt(i))) {
                i++;
            }
            if (i - s != 40 || (s > 0 && isB64Or(text.charAt(s - 1))) || (i < text.length() && text.charAt(i) == '=')) {
                continue;
            }
            if (!isSecretLike(text, s, i)) {
                continue;
            }
            boolean example = SecretValues.isKnownExample(text, s, i) || SecretValues.isPlaceholder(text, s, i)
                    || SecretValues.looksSynthetic(text, s, i);
            out.add(new Finding(example ? FindingType.EXAMPLE_CREDENTIAL : FindingType.AWS_SECRET_KEY, message, s, i, NAME,
                    0.85));
        }
    }

    private static boolean isB64Or(char c) {
        return SecretValues.isB64(c) || c == '=';
    }

    /** Upper, lower and digit (or + /) all present, and not a hex digest such as a git commit id. */
    static boolean isSecretLike(String text, int s, int e) {
        boolean upper = false;
        boolean lower = false;
        boolean other = false;
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (SecretValues.isUpper(c)) {
                upper = true;
            } else if (SecretValues.isLower(c)) {
                lower = true;
            } else {
                other = true;
            }
        }
        return upper && lower && other && !SecretValues.allHex(text, s, e) && SecretValues.entropy(text, s, e) >= 4.0;
    }
}
