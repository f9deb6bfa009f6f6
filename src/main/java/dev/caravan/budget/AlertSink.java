package dev.caravan.budget;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link BudgetAlert}s go. The ledger calls {@link #alert} after the transaction that
 * raised the alert has committed, in the thread that settled the request, and exactly once per
 * alert across all instances (at most once: an alert a sink fails to deliver is logged, not
 * retried).
 *
 * <p>Sinks must therefore be quick and must not throw: one that does network I/O (the JMS topic
 * {@code caravan.alerts}, a webhook) hands the alert to its own executor or a JMS template with
 * a short timeout. {@link LoggingAlertSink} (log line and metric) is always present; further
 * sinks are beans of this type and are all called, through {@link #all}.
 */
@FunctionalInterface
public interface AlertSink {

    void alert(BudgetAlert alert);

    /** A sink that calls each of {@code sinks} in order; one failing does not keep the others from running. */
    static AlertSink all(List<AlertSink> sinks) {
        List<AlertSink> copy = List.copyOf(sinks);
        Logger log = LoggerFactory.getLogger(AlertSink.class);
        return alert -> {
            for (AlertSink sink : copy) {
                try {
                    sink.alert(alert);
                } catch (RuntimeException e) {
                    log.error("Budget alert sink {} failed for: {}", sink.getClass().getName(), alert.describe(), e);
                }
            }
        };
    }
}
