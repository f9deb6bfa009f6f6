package dev.caravan.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What is stored instead of a key's secret: hex SHA-256 of it, or HMAC-SHA-256 keyed with the
 * deployment's pepper ({@code CARAVAN_KEY_PEPPER}) when one is set.
 *
 * <h2>Why a fast hash and not bcrypt</h2>
 * Slow password hashes (bcrypt, scrypt, Argon2) exist because passwords are guessable: they make
 * each guess against a stolen table expensive. A key is 256 random bits; no number of guesses
 * finds one, slow or fast, so slowness buys nothing. It would cost a lot: every request
 * authenticates, and a salted slow hash cannot be looked up by an index, so the gateway would
 * have to try every key. A fast unsalted hash can be the lookup key itself ({@code
 * uq_api_keys_secret_hash}). The pepper adds that a stolen database alone does not even let
 * someone test a leaked secret against it.
 *
 * <p>Changing the pepper invalidates every stored key. Thread-safe: one digest or MAC per thread.
 */
public final class KeyHasher {

    private static final HexFormat HEX = HexFormat.of();

    private final ThreadLocal<MessageDigest> digest;
    private final ThreadLocal<Mac> mac;

    /** @param pepper null or blank: plain SHA-256 */
    public KeyHasher(String pepper) {
        if (pepper == null || pepper.isBlank()) {
            this.mac = null;
            this.digest = ThreadLocal.withInitial(KeyHasher::sha256);
        } else {
            SecretKeySpec key = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            this.digest = null;
            this.mac = ThreadLocal.withInitial(() -> hmac(key));
        }
    }

    public boolean peppered() {
        return mac != null;
    }

    /** The 64 hex characters stored for {@code secret}. */
    public String hash(String secret) {
        byte[] input = secret.getBytes(StandardCharsets.UTF_8);
        byte[] out = mac != null ? mac.get().doFinal(input) : digest.get().digest(input);
        return HEX.formatHex(out);
    }

    /**
     * Compares two secrets (for example the admin key) in time that depends on neither: both are
     * hashed first, so even their lengths do not show.
     */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        MessageDigest sha = sha256();
        byte[] x = sha.digest(a.getBytes(StandardCharsets.UTF_8));
        byte[] y = sha.digest(b.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(x, y);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Mac hmac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
