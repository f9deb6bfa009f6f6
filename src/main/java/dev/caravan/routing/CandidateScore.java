package dev.caravan.routing;

/**
 * How one candidate scored (lower is better), term by term, for explanations and debugging.
 * The weighted terms are already multiplied by the strategy's weights.
 *
 * @param score              the total the candidates were ordered by
 * @param estimatedCostMicros estimated cost of this request in micro-dollars (prompt tokens at the
 *                           input price plus the expected answer at the output price)
 * @param expectedLatencyMs  the rolling (EWMA) latency, or the model's latency budget when it has
 *                           not been measured yet ({@code latencyMeasured} false)
 * @param costTerm           weighted, normalised cost
 * @param qualityTerm        weighted, normalised quality gap to the best candidate
 * @param latencyTerm        weighted, normalised latency
 * @param penalty            priority, over-budget, degraded-health and complexity tier-gap penalties
 */
public record CandidateScore(
        String model,
        double score,
        double estimatedCostMicros,
        double expectedLatencyMs,
        boolean latencyMeasured,
        ModelHealth health,
        double costTerm,
        double qualityTerm,
        double latencyTerm,
        double penalty) {
}
