package dev.caravan.deadletter;

import dev.caravan.crypto.AesGcm;
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
    public static final int KEY_BYTES = AesGcm.KEY_BYTES;

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
        return AesGcm.decodeKey(encryptionKey, "caravan.dead-letters.encryption-key (CARAVAN_DLQ_KEY)");
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "DeadLetterProperties[encryptionKey=" + (hasKey() ? "<set>" : "<none>") + "]";
    }
}
