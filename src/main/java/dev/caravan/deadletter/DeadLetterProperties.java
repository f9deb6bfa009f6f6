package dev.caravan.deadletter;

import java.util.Base64;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code caravan.dead-letters}: how dead letters are protected.
 *
 * @param encryptionKey base64 of a 256-bit AES key (from {@code CARAVAN_DLQ_KEY}); blank: no key,
 *                      restricted findings are masked instead of the payload being encrypted.
 *                      The value is checked by {@link DeadLetterCodec} at start-up (not here, so
 *                      that a binding failure report can never print it) and never logged.
 */
@ConfigurationProperties(prefix = "caravan.dead-letters")
public record DeadLetterProperties(String encryptionKey) {

    /** Bytes of an AES-256 key. */
    public static final int KEY_BYTES = 32;

    /** No key: restricted findings are masked. */
    public static DeadLetterProperties masking() {
        return new DeadLetterProperties(null);
    }

    public boolean hasKey() {
        return encryptionKey != null && !encryptionKey.isBlank();
    }

    /**
     * The decoded key, or null when none is configured.
     *
     * @throws IllegalStateException when the value is not base64 of exactly 32 bytes; the message
     *                               names the setting and the length found, never the value
     */
    byte[] keyBytes() {
        if (!hasKey()) {
            return null;
        }
        String value = encryptionKey.strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notBasic) {
            try {
                key = Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException notUrlSafe) {
                throw new IllegalStateException("caravan.dead-letters.encryption-key (CARAVAN_DLQ_KEY) is not valid"
                        + " base64; expected the base64 of a 32-byte AES-256 key (e.g. `openssl rand -base64 32`)");
            }
        }
        if (key.length != KEY_BYTES) {
            int length = key.length;
            java.util.Arrays.fill(key, (byte) 0);
            throw new IllegalStateException("caravan.dead-letters.encryption-key (CARAVAN_DLQ_KEY) decodes to "
                    + length + " bytes; an AES-256 key of exactly " + KEY_BYTES
                    + " bytes is required (e.g. `openssl rand -base64 32`)");
        }
        return key;
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "DeadLetterProperties[encryptionKey=" + (hasKey() ? "<set>" : "<none>") + "]";
    }
}
