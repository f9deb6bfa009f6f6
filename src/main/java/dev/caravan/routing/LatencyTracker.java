package dev.caravan.routing;

import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * Rolling latency per model: {@code ewma = 0.8 * ewma + 0.2 * sample}, the weighting the
 * earlier gateways used. Per instance by design: each instance observes its own network path.
 */
@Component
public class LatencyTracker {

    static final double ALPHA = 0.2;

    private final ConcurrentMap<String, Double> ewmaMillis = new ConcurrentHashMap<>();

    public void record(String modelId, long latencyMillis) {
        ewmaMillis.merge(modelId, (double) latencyMillis, (old, sample) -> old * (1 - ALPHA) + sample * ALPHA);
    }

    public OptionalDouble ewmaMillis(String modelId) {
        Double value = ewmaMillis.get(modelId);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** The rolling latency, or {@code fallback} when the model was never measured (no allocation: routing's hot path). */
    public double ewmaMillisOr(String modelId, double fallback) {
        Double value = ewmaMillis.get(modelId);
        return value == null ? fallback : value;
    }
}
