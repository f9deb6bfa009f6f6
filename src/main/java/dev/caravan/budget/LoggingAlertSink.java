package dev.caravan.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each alert as a WARN line (logger {@code dev.caravan.budget.alerts}) and counts it in
 * {@code caravan.budget.alerts}, tagged {@code scope}, {@code period}, {@code threshold} and
 * {@code dimension} (not the budget's name: key ids and users would make the tag unbounded; the
 * log line and the other sinks carry it).
 */
public class LoggingAlertSink implements AlertSink {

    static final String LOGGER = "dev.caravan.budget.alerts";
    static final String METRIC = "caravan.budget.alerts";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final MeterRegistry registry;

    /** @param registry may be null: log only */
    public LoggingAlertSink(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void alert(BudgetAlert alert) {
        log.warn("{}", alert.describe());
        if (registry != null) {
            Counter.builder(METRIC)
                    .description("Budget thresholds crossed (once per budget, period and threshold)")
                    .tag("scope", alert.budget().scope().id())
                    .tag("period", alert.budget().period().id())
                    .tag("threshold", Integer.toString(alert.thresholdPercent()))
                    .tag("dimension", alert.dimension().id())
                    .register(registry)
                    .increment();
        }
    }
}
