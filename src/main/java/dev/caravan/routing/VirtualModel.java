package dev.caravan.routing;

import java.util.Locale;
import java.util.Optional;

/** Model names that ask the gateway to choose, each standing for a {@link RoutingStrategy}. */
public enum VirtualModel {
    /** Balanced cost, quality and latency, adapted to the prompt's complexity (or the tenant's strategy). */
    AUTO("balanced cost, quality and latency, adapted to prompt complexity"),
    /** The cost strategy: lowest estimated cost for the request. */
    CHEAP("lowest estimated cost"),
    /** The latency strategy: lowest rolling (EWMA) latency observed on this instance. */
    FAST("lowest rolling latency"),
    /** The quality strategy: highest quality tier. */
    QUALITY("highest quality tier");

    private static final VirtualModel[] VALUES = values();

    private final String id;
    private final String description;

    VirtualModel(String description) {
        this.id = name().toLowerCase(Locale.ROOT);
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static Optional<VirtualModel> parse(String model) {
        return Optional.ofNullable(find(model));
    }

    /** The virtual model of that exact (case-sensitive) name, or null. */
    static VirtualModel find(String model) {
        if (model == null) {
            return null;
        }
        for (VirtualModel v : VALUES) {
            if (v.id.equals(model)) {
                return v;
            }
        }
        return null;
    }
}
