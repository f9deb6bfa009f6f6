package dev.caravan.config;

/**
 * Where a model runs, from most to least trusted: on our machines, at a provider under a
 * private agreement, or at a public API.
 */
public enum SecurityLevel {
    LOCAL, PRIVATE, PUBLIC;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
