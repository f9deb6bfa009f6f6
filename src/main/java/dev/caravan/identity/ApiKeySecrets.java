package dev.caravan.identity;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shape of a key's secret: {@code ck-} followed by 32 bytes from {@link SecureRandom} in
 * unpadded base64url (43 characters), 256 bits that nobody can guess or enumerate. The first
 * {@value #DISPLAY_LENGTH} characters after {@code ck-} are kept as the key's display prefix;
 * they say which key is meant without weakening it (215 bits remain secret).
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "ck-";
    public static final int RANDOM_BYTES = 32;
    public static final int DISPLAY_LENGTH = 8;
    /** {@code ck-} plus 32 bytes in unpadded base64url. */
    public static final int LENGTH = PREFIX.length() + 43;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ApiKeySecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + ENCODER.encodeToString(bytes);
    }

    /**
     * Whether {@code secret} can be a key at all: prefix, length and alphabet. Checked before any
     * hashing or lookup so that garbage costs nothing; no regular expression on this hot path.
     */
    /** Whether {@code secret} claims to be a Caravan key (starts {@code ck-}), well formed or not. */
    public static boolean looksLikeCaravanKey(String secret) {
        return secret != null && secret.startsWith(PREFIX);
    }

    public static boolean isWellFormed(String secret) {
        if (secret == null || secret.length() != LENGTH || !secret.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = secret.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The display prefix of a well-formed secret: the characters right after {@code ck-}. */
    public static String displayPrefix(String secret) {
        if (!isWellFormed(secret)) {
            throw new IllegalArgumentException("not a key secret");
        }
        return secret.substring(PREFIX.length(), PREFIX.length() + DISPLAY_LENGTH);
    }
}
