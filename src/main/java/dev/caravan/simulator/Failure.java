package dev.caravan.simulator;

import java.util.Locale;

/**
 * How a simulated model misbehaves on the calls picked by its error rate.
 *
 * <p>Configuration binds the kebab-case names ({@code none}, {@code error}, {@code rate-limit},
 * {@code timeout}) through Spring's lenient enum conversion; {@link #parse(String)} does the same
 * for the admin endpoint.
 */
public enum Failure {

    /** Always answers normally. */
    NONE("none"),
    /** HTTP 500 with an OpenAI error body. */
    ERROR("error"),
    /** HTTP 429 with {@code Retry-After} and code {@code rate_limit_exceeded}. */
    RATE_LIMIT("rate-limit"),
    /** Accepts the request and does not answer until {@code hangMs} has passed. */
    TIMEOUT("timeout");

    private final String wireName;

    Failure(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in configuration and by the admin endpoint. */
    public String wireName() {
        return wireName;
    }

    /**
     * Accepts {@code rate-limit}, {@code rate_limit}, {@code RATE_LIMIT}, {@code rateLimit}...
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Failure parse(String value) {
        if (value != null) {
            String wanted = normalise(value);
            for (Failure f : values()) {
                if (normalise(f.name()).equals(wanted)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown failure mode '" + value + "' (expected none, error, rate-limit or timeout)");
    }

    private static String normalise(String value) {
        return value.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }
}
