package dev.caravan.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code caravan.identity}: virtual API keys and the admin key. The defaults keep a fresh
 * checkout as it was: on loopback with no keys, calls need no key (dev mode, see {@link DevMode}).
 *
 * @param devMode      whether dev mode may apply at all (default true); false: always require a key
 * @param allowAnonymous accept calls without any key as anonymous even when keys exist and the server
 *                     is networked (default false). For gateways inside a trusted network that use
 *                     keys only to attribute usage; a key that is sent is still checked.
 * @param adminKey     the key of {@code /api/admin/**} ({@code CARAVAN_ADMIN_KEY}); blank: admin API
 *                     only in dev mode. At least 32 characters.
 * @param keyPepper    secret mixed into key hashes ({@code CARAVAN_KEY_PEPPER}, HMAC-SHA-256); blank:
 *                     plain SHA-256. At least 32 characters. Changing it invalidates every key.
 * @param cacheTtl     how long a resolved key is trusted without asking the database (default 30s):
 *                     the longest a revocation or suspension takes to reach every instance
 * @param cacheSize    resolved keys kept per instance (default 10000; unknown keys count too, so a
 *                     flood of bad keys cannot grow memory)
 */
@ConfigurationProperties(prefix = "caravan.identity")
public record IdentityProperties(Boolean devMode, Boolean allowAnonymous, String adminKey, String keyPepper, Duration cacheTtl,
        Long cacheSize) {

    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
    public static final long DEFAULT_CACHE_SIZE = 10_000;
    static final int MIN_SECRET_LENGTH = 32;
    private static final String PREFIX = "caravan.identity.";

    public IdentityProperties {
        devMode = devMode == null || devMode;
        allowAnonymous = allowAnonymous != null && allowAnonymous;
        adminKey = blankToNull(adminKey);
        keyPepper = blankToNull(keyPepper);
        if (adminKey != null && adminKey.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(PREFIX + "admin-key (CARAVAN_ADMIN_KEY) must be at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
        if (keyPepper != null && keyPepper.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(PREFIX + "key-pepper (CARAVAN_KEY_PEPPER) must be at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
        if (cacheTtl == null) {
            cacheTtl = DEFAULT_CACHE_TTL;
        } else if (cacheTtl.isNegative() || cacheTtl.isZero()) {
            throw new IllegalArgumentException(PREFIX + "cache-ttl must be positive: " + cacheTtl);
        }
        if (cacheSize == null) {
            cacheSize = DEFAULT_CACHE_SIZE;
        } else if (cacheSize < 1) {
            throw new IllegalArgumentException(PREFIX + "cache-size must be positive: " + cacheSize);
        }
    }

    public static IdentityProperties defaults() {
        return new IdentityProperties(null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "IdentityProperties[devMode=" + devMode + ", allowAnonymous=" + allowAnonymous + ", adminKey=" + (adminKey == null ? "none" : "****")
                + ", keyPepper=" + (keyPepper == null ? "none" : "****") + ", cacheTtl=" + cacheTtl
                + ", cacheSize=" + cacheSize + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
