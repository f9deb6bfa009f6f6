package dev.caravan.classify.secrets;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Private keys as blocks: PEM ({@code -----BEGIN [RSA |EC |DSA |ENCRYPTED |OPENSSH ]PRIVATE KEY-----}),
 * PGP private key blocks, SSH2 and PuTTY key files, age secret keys, and base64-encoded PEM (as in
 * Kubernetes secrets). The span covers the whole block, from BEGIN to the end of the END line; a
 * block cut off before its END line is reported up to the end of its base64 body, if that body is
 * real (at least 64 base64 characters). Bodies that are only "..." or a placeholder are
 * {@code EXAMPLE_CREDENTIAL}. Certificates and public keys are not reported.
 */
final class PemBlockDetector implements Detector {

    static final String NAME = "pem-block";

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final int MAX_BLOCK = 64 * 1024;
    private static final int REAL_BODY = 64;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void detect(String text, int message, List<Finding> out) {
        if (text.indexOf("-----") >= 0) {
            pemBlocks(text, message, out);
            ssh2Blocks(text, message, out);
        }
        puttyKeys(text, message, out);
        ageKeys(text, message, out);
        base64Pem(text, message, out);
    }

    private void pemBlocks(String text, int message, List<Finding> out) {
        int from = 0;
        int begin;
        int nextEnd = -2; // cached position of the next END line: keeps the scan linear
        while ((begin = text.indexOf(BEGIN, from)) >= 0) {
            int labelStart = begin + BEGIN.length();
            from = labelStart;
            int labelEnd = SecretValues.indexOf(text, "-----", labelStart, labelStart + 53);
            if (labelEnd < 0 || labelEnd - labelStart > 48 || !isPrivateLabel(text, labelStart, labelEnd)) {
                continue;
            }
            int bodyStart = labelEnd + 5;
            int nextBegin = text.indexOf(BEGIN, bodyStart);
            int limit = (int) Math.min(nextBegin >= 0 ? nextBegin : text.length(), (long) bodyStart + MAX_BLOCK);
            if (nextEnd != -1 && nextEnd < bodyStart) {
                nextEnd = text.indexOf(END, bodyStart);
            }
            int endMarker = nextEnd >= 0 && nextEnd < limit ? nextEnd : -1;
            int bodyEnd;
            int blockEnd;
            boolean complete = false;
            if (endMarker >= 0) {
                int close = SecretValues.indexOf(text, "-----", endMarker + END.length(), endMarker + 80);
                if (close >= 0 && close - endMarker < 80) {
                    bodyEnd = endMarker;
                    blockEnd = close + 5;
                    complete = true;
                } else {
                    bodyEnd = truncatedBodyEnd(text, bodyStart, limit);
                    blockEnd = bodyEnd;
                }
            } else {
                bodyEnd = truncatedBodyEnd(text, bodyStart, limit);
                blockEnd = bodyEnd;
            }
            int base64 = countBase64(text, bodyStart, bodyEnd);
            boolean marked = SecretValues.isPlaceholder(text, bodyStart, bodyEnd);
            if (base64 >= 200 || (base64 >= (complete ? 32 : REAL_BODY) && !marked)) {
                out.add(new Finding(FindingType.PRIVATE_KEY, message, begin, blockEnd, NAME, complete ? 0.99 : 0.9));
                from = blockEnd;
            } else if (complete && (base64 >= 16 || marked)) {
                out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, begin, blockEnd, NAME, 0.8));
                from = blockEnd;
            } else if (SecretValues.isPlaceholder(text, bodyStart, Math.min(text.length(), bodyStart + 80))) {
                out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, begin, labelEnd + 5, NAME, 0.7));
            }
        }
    }

    /** Labels ending in PRIVATE KEY (RSA, EC, DSA, ENCRYPTED, OPENSSH, none) or PRIVATE KEY BLOCK (PGP). */
    private static boolean isPrivateLabel(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(SecretValues.isUpper(c) || SecretValues.isDigit(c) || c == ' ')) {
                return false;
            }
        }
        return text.startsWith("PRIVATE KEY", to - 11) || text.startsWith("PRIVATE KEY BLOCK", to - 17);
    }

    /**
     * End of the body of a block without END line: lines of base64, armour headers
     * ({@code Proc-Type:}, {@code DEK-Info:}, {@code Version:}, {@code Comment:}) and blank lines;
     * lines may be broken by real newlines or by {@code \n} escapes (keys pasted from JSON).
     */
    static int truncatedBodyEnd(String text, int from, int limit) {
        int lastBody = from;
        int i = from;
        int blanks = 0;
        while (i < limit) {
            int lineStart = i;
            while (i < limit && !isLineBreak(text, i)) {
                i++;
            }
            int lineEnd = i;
            if (i < limit) {
                i += text.charAt(i) == '\\' ? 2 : 1;
            }
            int s = lineStart;
            int e = lineEnd;
            while (s < e && SecretValues.isSpace(text.charAt(s))) {
                s++;
            }
            while (e > s && SecretValues.isSpace(text.charAt(e - 1))) {
                e--;
            }
            if (s == e) {
                if (++blanks > 1 && lastBody > from) {
                    break;
                }
                continue;
            }
            blanks = 0;
            if (allBase64(text, s, e)) {
                lastBody = e;
            } else if (!isArmourHeader(text, s, e)) {
                break;
            }
        }
        return lastBody;
    }

    private static boolean isLineBreak(String text, int i) {
        char c = text.charAt(i);
        if (c == '\n' || c == '\r') {
            return true;
        }
        if (c == '\\' && i + 1 < text.length()) {
            char d = text.charAt(i + 1);
            return d == 'n' || d == 'r';
        }
        return false;
    }

    private static boolean allBase64(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (!(SecretValues.isB64(c) || c == '=')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isArmourHeader(String text, int s, int e) {
        int colon = SecretValues.indexOf(text, ": ", s, Math.min(e, s + 24));
        if (colon <= s) {
            return false;
        }
        for (int i = s; i < colon; i++) {
            char c = text.charAt(i);
            if (!(SecretValues.isLetter(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static int countBase64(String text, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (SecretValues.isB64(c)) {
                count++;
            }
        }
        return count;
    }

    private void ssh2Blocks(String text, int message, List<Finding> out) {
        String begin = "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----";
        String end = "---- END SSH2 ENCRYPTED PRIVATE KEY ----";
        int from = 0;
        int b;
        while ((b = text.indexOf(begin, from)) >= 0) {
            int bodyStart = b + begin.length();
            int e = SecretValues.indexOf(text, end, bodyStart, bodyStart + MAX_BLOCK);
            int blockEnd = e >= 0 ? e + end.length()
                    : truncatedBodyEnd(text, bodyStart, Math.min(text.length(), bodyStart + MAX_BLOCK));
            if (countBase64(text, bodyStart, blockEnd) >= REAL_BODY) {
                out.add(new Finding(FindingType.PRIVATE_KEY, message, b, blockEnd, NAME, 0.95));
            }
            from = Math.max(blockEnd, bodyStart);
        }
    }

    /** PuTTY .ppk files: from the header to the end of the Private-MAC line (or of the private lines). */
    private void puttyKeys(String text, int message, List<Finding> out) {
        int from = 0;
        int b;
        while ((b = text.indexOf("PuTTY-User-Key-File-", from)) >= 0) {
            from = b + 20;
            int limit = Math.min(text.length(), b + MAX_BLOCK);
            int priv = SecretValues.indexOf(text, "Private-Lines:", b, limit);
            if (priv < 0) {
                continue;
            }
            int lineEnd = SecretValues.indexOf(text, '\n', priv, limit);
            int e = lineEnd < 0 ? text.length() : lineEnd;
            int bodyEnd = truncatedBodyEnd(text, Math.min(text.length(), e + 1), limit);
            int mac = SecretValues.indexOf(text, "Private-MAC:", bodyEnd, Math.min(limit, bodyEnd + 8));
            if (mac >= 0) {
                int macEnd = SecretValues.indexOf(text, '\n', mac, limit);
                bodyEnd = macEnd < 0 ? text.length() : macEnd;
                while (bodyEnd > mac && SecretValues.isWhitespace(text.charAt(bodyEnd - 1))) {
                    bodyEnd--;
                }
            }
            if (countBase64(text, e, bodyEnd) >= 32) {
                out.add(new Finding(FindingType.PRIVATE_KEY, message, b, bodyEnd, NAME, 0.95));
                from = bodyEnd;
            }
        }
    }

    /** age identities: {@code AGE-SECRET-KEY-1} + 58 bech32 characters. */
    private void ageKeys(String text, int message, List<Finding> out) {
        String prefix = "AGE-SECRET-KEY-1";
        int from = 0;
        int b;
        while ((b = text.indexOf(prefix, from)) >= 0) {
            int e = b + prefix.length();
            while (e < text.length() && (SecretValues.isUpper(text.charAt(e)) || SecretValues.isDigit(text.charAt(e)))) {
                e++;
            }
            if (e - b - prefix.length() == 58) {
                boolean example = SecretValues.isExampleKey(text, b, e, b + prefix.length());
                out.add(new Finding(example ? FindingType.EXAMPLE_CREDENTIAL : FindingType.PRIVATE_KEY, message, b, e, NAME,
                        0.95));
            }
            from = e;
        }
    }

    /** "LS0tLS1CRUdJTi" is base64 of "-----BEGIN": a PEM block encoded once more (Kubernetes tls.key, env vars). */
    private void base64Pem(String text, int message, List<Finding> out) {
        int from = 0;
        int b;
        while ((b = text.indexOf("LS0tLS1CRUdJTi", from)) >= 0) {
            int e = b;
            while (e < text.length() && (SecretValues.isB64(text.charAt(e)) || text.charAt(e) == '=')) {
                e++;
            }
            from = Math.max(e, b + 1);
            if (e - b < 200 || (b > 0 && SecretValues.isB64(text.charAt(b - 1)))) {
                continue;
            }
            int probe = Math.min(e - b, 64) / 4 * 4;
            String head;
            try {
                head = new String(Base64.getDecoder().decode(text.substring(b, b + probe)), StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (head.contains("PRIVATE KEY")) {
                out.add(new Finding(FindingType.PRIVATE_KEY, message, b, e, NAME, 0.95));
            }
        }
    }
}
