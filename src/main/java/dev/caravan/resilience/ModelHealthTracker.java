package dev.caravan.resilience;

import dev.caravan.routing.LatencyTracker;
import dev.caravan.routing.ModelCatalog;
import dev.caravan.routing.ModelHealth;
import dev.caravan.routing.ModelHealthView;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Model health from the circuit breakers and the latency tracker; replaces the routing's default
 * all-healthy view (which is {@code @ConditionalOnMissingBean}).
 * <ul>
 *   <li>{@code DOWN}: the breaker is open (or forced open);
 *   <li>{@code DEGRADED}: the breaker is half-open, or its window holds at least
 *       {@code minimumNumberOfCalls} calls and their failure rate is at least half the threshold,
 *       or the model's rolling latency exceeds its current {@code latencyBudgetMs};
 *   <li>{@code HEALTHY} otherwise, and for a model without a breaker.
 * </ul>
 * Cheap and non-blocking: a map lookup and the breaker's counters.
 */
@Component
@Primary
public class ModelHealthTracker implements ModelHealthView {

    private final BreakerRegistry breakers;
    private final LatencyTracker latency;
    private final ModelCatalog catalog;

    /** Latency budgets as the breakers' models were declared (tests, tools). */
    public ModelHealthTracker(BreakerRegistry breakers, LatencyTracker latency) {
        this(breakers, latency, null);
    }

    /** @param catalog where the current latency budgets are read (the admin API may change them); null: as declared */
    @Autowired
    public ModelHealthTracker(BreakerRegistry breakers, LatencyTracker latency, ModelCatalog catalog) {
        this.breakers = breakers;
        this.latency = latency;
        this.catalog = catalog;
    }

    @Override
    public ModelHealth health(String modelId) {
        BreakerRegistry.Entry entry = breakers.existing(modelId);
        return entry == null ? ModelHealth.HEALTHY : health(entry);
    }

    /** Every model with a breaker, in the registry's order. */
    public Map<String, ModelHealth> snapshot() {
        Map<String, ModelHealth> snapshot = new LinkedHashMap<>();
        for (BreakerRegistry.Entry entry : breakers.entries()) {
            snapshot.put(entry.model().id(), health(entry));
        }
        return snapshot;
    }

    private ModelHealth health(BreakerRegistry.Entry entry) {
        CircuitBreaker breaker = entry.breaker();
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            return ModelHealth.DOWN;
        }
        if (state == CircuitBreaker.State.HALF_OPEN) {
            return ModelHealth.DEGRADED;
        }
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        int buffered = metrics.getNumberOfBufferedCalls();
        if (buffered > 0 && buffered >= entry.settings().minimumNumberOfCalls()) {
            double rate = 100.0 * metrics.getNumberOfFailedCalls() / buffered;
            if (rate >= entry.settings().failureRateThreshold() / 2) {
                return ModelHealth.DEGRADED;
            }
        }
        double ewma = latency.ewmaMillisOr(entry.model().id(), -1);
        if (ewma > latencyBudgetMs(entry)) {
            return ModelHealth.DEGRADED;
        }
        return ModelHealth.HEALTHY;
    }

    private long latencyBudgetMs(BreakerRegistry.Entry entry) {
        if (catalog != null) {
            ModelCatalog.CatalogEntry current = catalog.snapshot().entries().get(entry.model().id());
            if (current != null) {
                return current.model().latencyBudgetMs();
            }
        }
        return entry.model().latencyBudgetMs();
    }
}
