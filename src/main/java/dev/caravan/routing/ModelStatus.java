package dev.caravan.routing;

/** Whether a declared model may receive requests, and if not, why. */
public enum ModelStatus {
    ENABLED("enabled"),
    DISABLED("disabled"),
    DISABLED_NO_KEY("disabled_no_api_key");

    private final String wire;

    ModelStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
