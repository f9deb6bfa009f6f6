package dev.caravan.classify.secrets;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * JSON Web Tokens: three (JWS) or five (JWE) base64url segments whose first segment decodes to
 * a JSON header with an {@code "alg"} member. The structure decides, not the context. jwt.io's
 * sample token (subject 1234567890, "John Doe") and tokens whose signature is a placeholder are
 * {@code EXAMPLE_CREDENTIAL}. The span covers the whole token.
 */
final class JwtDetector implements Detector {

    static final String NAME = "jwt";

    private static final String JWT_IO_PAYLOAD = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIi";
    private static final String JWT_IO_SIGNATURE = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    private static final int MAX_HEADER = 1024;
    private static final int MAX_SEGMENT = 16 * 1024;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void detect(String text, int message, List<Finding> out) {
        int n = text.length();
        int from = 0;
        int i;
        while ((i = text.indexOf("eyJ", from)) >= 0) {
            from = i + 3;
            if (i > 0 && SecretValues.isB64Url(text.charAt(i - 1))) {
                continue;
            }
            int h = segmentEnd(text, i, MAX_HEADER);
            if (h - i < 10 || h >= n || text.charAt(h) != '.') {
                continue;
            }
            int p = segmentEnd(text, h + 1, MAX_SEGMENT);
            if (p - (h + 1) < 2 || p >= n || text.charAt(p) != '.') {
                continue;
            }
            String header = decode(text, i, h);
            if (header == null || !header.contains("\"alg\"")) {
                continue;
            }
            int s = segmentEnd(text, p + 1, MAX_SEGMENT);
            int end = s;
            if (header.contains("\"enc\"") && s < n && text.charAt(s) == '.') {
                int tag = segmentEnd(text, s + 1, MAX_SEGMENT);
                if (tag < n && text.charAt(tag) == '.') {
                    end = segmentEnd(text, tag + 1, MAX_SEGMENT);
                }
            }
            int sigLen = s - (p + 1);
            boolean unsigned = header.contains("\"none\"");
            if (sigLen == 0 && !unsigned) {
                // header.payload. without a signature: a fragment, still carries the claims
                end = p + 1;
            }
            boolean example = isExample(text, i, h, p, s);
            double confidence = sigLen >= 16 || unsigned ? 0.95 : 0.8;
            out.add(new Finding(example ? FindingType.EXAMPLE_CREDENTIAL : FindingType.JWT, message, i, end, NAME,
                    confidence));
            from = Math.max(end, from);
        }
    }

    private static int segmentEnd(String text, int from, int max) {
        int n = Math.min(text.length(), from + max);
        int i = from;
        while (i < n && SecretValues.isB64Url(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String decode(String text, int from, int to) {
        if ((to - from) % 4 == 1) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(text.substring(from, to)), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static boolean isExample(String text, int start, int headerEnd, int payloadEnd, int sigEnd) {
        if (text.startsWith(JWT_IO_PAYLOAD, headerEnd + 1) || text.startsWith(JWT_IO_SIGNATURE, payloadEnd + 1)) {
            return true;
        }
        String payload = decode(text, headerEnd + 1, payloadEnd);
        if (payload != null && (payload.contains("\"John Doe\"") || payload.contains("\"sub\":\"1234567890\""))) {
            return true;
        }
        int sigStart = payloadEnd + 1;
        return sigEnd - sigStart >= 3 && sigEnd - sigStart < 40
                && (SecretValues.isPlaceholder(text, sigStart, sigEnd) || SecretValues.looksSynthetic(text, sigStart, sigEnd)
                        || SecretValues.containsIgnoreCase(text, "signature", sigStart, sigEnd));
    }
}
