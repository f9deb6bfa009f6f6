package dev.caravan.routing;

/**
 * How a model is doing right now, as the router sees it. {@code DOWN} models are never chosen;
 * {@code DEGRADED} ones are still candidates but score worse (see {@link ModelRouter#DEGRADED_PENALTY}).
 */
public enum ModelHealth {
    HEALTHY, DEGRADED, DOWN;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
