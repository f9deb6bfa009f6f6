package dev.caravan.resilience;

/**
 * One model's circuit breaker as {@code GET /api/circuit-breakers} shows it.
 *
 * @param model             model id (also the breaker's name)
 * @param provider          provider id ({@code simulator}, {@code openai} ...)
 * @param state             {@code closed}, {@code open}, {@code half_open}, {@code forced_open},
 *                          {@code disabled} or {@code metrics_only}
 * @param failureRate       percent of failed calls in the window; null until the window holds the
 *                          minimum number of calls
 * @param failureRateThreshold the rate at which the breaker opens
 * @param bufferedCalls     calls in the window
 * @param failedCalls       failed calls in the window
 * @param notPermittedCalls calls refused since the breaker last changed state
 */
public record BreakerView(
        String model,
        String provider,
        String state,
        Float failureRate,
        float failureRateThreshold,
        int bufferedCalls,
        int failedCalls,
        long notPermittedCalls) {
}
