package dev.caravan.simulator;

/**
 * How one simulated model behaves. Bound from {@code caravan.simulator.models.<id>.*} and changed at
 * run time through {@code POST /simulator/admin/models/{id}}.
 *
 * <p>Every field may be left out ({@code null}) where the model is declared: {@link #over} fills the
 * gaps from a base (the built-in defaults of that model, else {@link #BASE}). The models held by
 * {@link SimulatorRegistry} are always resolved: every field is set except {@code errorRate}, whose
 * {@code null} means "automatic" (see {@link #effectiveErrorRate()}).
 *
 * @param latencyMs         delay before the first byte of a non-streamed answer / the first streamed token
 * @param tokensPerSecond   pace of streamed tokens; 0 sends them as fast as possible
 * @param failure           what a failing call does
 * @param errorRate         probability (0.0–1.0) that a call fails with {@code failure}; null = automatic
 * @param retryAfterSeconds the {@code Retry-After} of a {@link Failure#RATE_LIMIT} answer
 * @param hangMs            how long a {@link Failure#TIMEOUT} call is held before it is dropped
 */
public record SimulatedModel(
        Long latencyMs,
        Integer tokensPerSecond,
        Failure failure,
        Double errorRate,
        Integer retryAfterSeconds,
        Long hangMs) {

    /** The values a model gets for whatever neither it nor a built-in default says. */
    public static final SimulatedModel BASE = new SimulatedModel(0L, 0, Failure.NONE, null, 1, 120_000L);

    public SimulatedModel {
        requireNonNegative("latencyMs", latencyMs);
        requireNonNegative("tokensPerSecond", tokensPerSecond);
        requireNonNegative("retryAfterSeconds", retryAfterSeconds);
        requireNonNegative("hangMs", hangMs);
        if (errorRate != null && !(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new IllegalArgumentException("errorRate must be between 0.0 and 1.0, was " + errorRate);
        }
    }

    /** A healthy model with the given latency and pace. */
    public static SimulatedModel healthy(long latencyMs, int tokensPerSecond) {
        return new SimulatedModel(latencyMs, tokensPerSecond, Failure.NONE, null, BASE.retryAfterSeconds, BASE.hangMs);
    }

    /** This model with each unset field taken from {@code base} (errorRate stays automatic if both are unset). */
    public SimulatedModel over(SimulatedModel base) {
        return new SimulatedModel(
                latencyMs != null ? latencyMs : base.latencyMs,
                tokensPerSecond != null ? tokensPerSecond : base.tokensPerSecond,
                failure != null ? failure : base.failure,
                errorRate != null ? errorRate : base.errorRate,
                retryAfterSeconds != null ? retryAfterSeconds : base.retryAfterSeconds,
                hangMs != null ? hangMs : base.hangMs);
    }

    /** This model, fully resolved against {@link #BASE}. */
    public SimulatedModel resolved() {
        return over(BASE);
    }

    /**
     * The probability that a call fails: the configured {@code errorRate}, or when it is unset 1.0 for
     * a model with a failure mode and 0.0 for a healthy one.
     */
    public double effectiveErrorRate() {
        Failure mode = failure == null ? Failure.NONE : failure;
        if (mode == Failure.NONE) {
            return 0.0;
        }
        return errorRate != null ? errorRate : 1.0;
    }

    /**
     * Which failure this call suffers, given a uniform draw in [0, 1).
     *
     * @return {@link Failure#NONE} when the call should succeed
     */
    public Failure failureFor(double draw) {
        double rate = effectiveErrorRate();
        return rate > 0.0 && draw < rate ? failure : Failure.NONE;
    }

    private static void requireNonNegative(String name, Number value) {
        if (value != null && value.doubleValue() < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
