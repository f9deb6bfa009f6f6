package dev.caravan.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Model names that ask the gateway to choose, each by its own criterion. */
public enum VirtualModel {
    /** The enabled model with the best (lowest) priority. */
    AUTO("best-priority enabled model"),
    /** The lowest-priced model (input plus output price per million tokens). */
    CHEAP("lowest price"),
    /** The lowest rolling (EWMA) latency observed on this instance. */
    FAST("lowest rolling latency"),
    /** The highest quality tier. */
    QUALITY("highest quality tier");

    private final String description;

    VirtualModel(String description) {
        this.description = description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public static Optional<VirtualModel> parse(String model) {
        return Arrays.stream(values()).filter(v -> v.id().equals(model)).findFirst();
    }
}
