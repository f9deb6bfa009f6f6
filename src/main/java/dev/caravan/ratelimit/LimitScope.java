package dev.caravan.ratelimit;

import java.util.Locale;

/** The levels a limit can be set at; every request is counted at each level that applies to it. */
public enum LimitScope {
    /** Every request through this gateway (all instances together when Redis is configured). */
    GLOBAL,
    TENANT,
    /** A virtual API key. */
    KEY,
    /** A user, within its tenant. */
    USER,
    /** An upstream provider, so that the gateway stays under the provider's own limits. */
    PROVIDER;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** {@code tenant}, {@code key}…: as in configuration and in Redis keys. */
    public String id() {
        return id;
    }
}
