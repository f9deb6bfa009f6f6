package dev.caravan.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * How the router weighs a candidate's (normalised) estimated cost, quality gap and latency.
 * The three weights of a strategy add up to one; each term is normalised to 0..1 across the
 * candidate set first, so that the weights mean what they say.
 */
public enum RoutingStrategy {
    BALANCED(0.40, 0.35, 0.25),
    COST(0.80, 0.10, 0.10),
    QUALITY(0.05, 0.85, 0.10),
    LATENCY(0.10, 0.10, 0.80);

    private final double costWeight;
    private final double qualityWeight;
    private final double latencyWeight;

    RoutingStrategy(double costWeight, double qualityWeight, double latencyWeight) {
        this.costWeight = costWeight;
        this.qualityWeight = qualityWeight;
        this.latencyWeight = latencyWeight;
    }

    public double costWeight() {
        return costWeight;
    }

    public double qualityWeight() {
        return qualityWeight;
    }

    public double latencyWeight() {
        return latencyWeight;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The strategy a name stands for, case-insensitively: a strategy id, or a virtual model name
     * ({@code auto} = balanced, {@code cheap} = cost, {@code fast} = latency, {@code quality}).
     */
    public static Optional<RoutingStrategy> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "balanced", "auto" -> Optional.of(BALANCED);
            case "cost", "cheap" -> Optional.of(COST);
            case "quality" -> Optional.of(QUALITY);
            case "latency", "fast" -> Optional.of(LATENCY);
            default -> Optional.empty();
        };
    }

    /** The strategy a virtual model stands for. */
    public static RoutingStrategy of(VirtualModel virtual) {
        return switch (virtual) {
            case AUTO -> BALANCED;
            case CHEAP -> COST;
            case QUALITY -> QUALITY;
            case FAST -> LATENCY;
        };
    }

    /** The accepted names, for error messages. */
    static final String ACCEPTED = "balanced, cost, quality, latency (or auto, cheap, fast)";
}
