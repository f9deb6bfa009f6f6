package dev.caravan.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for values the gateway must store but never keep in clear (dead-letter payloads,
 * provider API keys): a random 12-byte IV per value, a 128-bit tag, and additional authenticated
 * data that binds a value to its row (a value copied onto another row does not open). Stored as
 * {@code base64(iv || ciphertext+tag)}. Keys come from the environment as base64 of 32 bytes.
 *
 * <p>Neither keys nor values ever appear in exceptions or logs.
 */
public final class AesGcm {

    /** Bytes of an AES-256 key. */
    public static final int KEY_BYTES = 32;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public AesGcm(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key of exactly " + KEY_BYTES + " bytes is required");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The key a setting holds, or null when it is blank.
     *
     * @param setting how to name the setting in the error, e.g. {@code caravan.x (CARAVAN_X)}
     * @throws IllegalStateException when the value is not base64 (standard or URL-safe) of exactly
     *                               32 bytes; the message names the setting and the length found, never the value
     */
    public static byte[] decodeKey(String value, String setting) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException notBasic) {
            try {
                key = Base64.getUrlDecoder().decode(trimmed);
            } catch (IllegalArgumentException notUrlSafe) {
                throw new IllegalStateException(setting + " is not valid base64; expected the base64 of a 32-byte"
                        + " AES-256 key (e.g. `openssl rand -base64 32`)");
            }
        }
        if (key.length != KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new IllegalStateException(setting + " decodes to " + length + " bytes; an AES-256 key of exactly "
                    + KEY_BYTES + " bytes is required (e.g. `openssl rand -base64 32`)");
        }
        return key;
    }

    /** An instance for the key a setting holds, or null when the setting is blank. */
    public static AesGcm fromSetting(String value, String setting) {
        byte[] key = decodeKey(value, setting);
        if (key == null) {
            return null;
        }
        try {
            return new AesGcm(key);
        } finally {
            Arrays.fill(key, (byte) 0); // SecretKeySpec keeps its own copy
        }
    }

    /** Encrypts {@code plaintext} bound to {@code aad}: {@code base64(iv || ciphertext+tag)}. */
    public String seal(String plaintext, String aad) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(aad));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decrypts what {@link #seal} wrote with the same {@code aad}.
     *
     * @throws Unreadable {@link Unreadable#tampered()} when the value is malformed, was altered, is
     *                    bound to other data, or was sealed with another key; otherwise a cipher failure
     */
    public String open(String sealed, String aad) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new Unreadable(true, "not base64", null);
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new Unreadable(true, "too short", null);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(aad(aad));
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new Unreadable(true, "authentication failed", e);
        } catch (GeneralSecurityException e) {
            throw new Unreadable(false, e.getClass().getSimpleName(), e);
        }
    }

    private static byte[] aad(String aad) {
        return (aad == null ? "" : aad).getBytes(StandardCharsets.UTF_8);
    }

    /** A sealed value that cannot be opened; the message never holds the value. */
    public static final class Unreadable extends RuntimeException {

        private final boolean tampered;

        Unreadable(boolean tampered, String why, Throwable cause) {
            super("AES-GCM value cannot be opened: " + why, cause, false, false);
            this.tampered = tampered;
        }

        /** Malformed, altered, bound to other data or sealed with another key (as opposed to a cipher failure). */
        public boolean tampered() {
            return tampered;
        }
    }
}
