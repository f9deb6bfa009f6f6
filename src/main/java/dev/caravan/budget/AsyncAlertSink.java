package dev.caravan.budget;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sink that does I/O (JMS, a webhook) on a thread of its own, so that the thread settling
 * a request never waits for a broker or a remote server and never sees their failures: the
 * {@link AlertSink} contract. Alerts wait in a bounded queue; when it is full (the receiver is
 * down and alerts keep coming) further ones are dropped and logged, never blocking.
 *
 * <p>Metric (with a registry): {@code caravan.budget.alert.deliveries} tagged {@code sink} and
 * {@code outcome} ({@code sent}, {@code failed}, {@code dropped}).
 */
public final class AsyncAlertSink implements AlertSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsyncAlertSink.class);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final String name;
    private final AlertSink delivery;
    private final MeterRegistry registry;
    private final ThreadPoolExecutor executor;

    /**
     * @param name     for the thread, logs and the metric: {@code jms}, {@code webhook}
     * @param delivery the sink that does the I/O; may block and throw
     * @param capacity alerts that may wait for it
     * @param registry may be null
     */
    public AsyncAlertSink(String name, AlertSink delivery, int capacity, MeterRegistry registry) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.registry = registry;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                task -> {
                    Thread thread = new Thread(task, "caravan-alerts-" + name);
                    thread.setDaemon(true);
                    return thread;
                }, (task, pool) -> dropped());
    }

    /** Queues the alert and returns; a full queue or a closed sink drops it (the rejection handler logs). */
    @Override
    public void alert(BudgetAlert alert) {
        executor.execute(() -> deliver(alert));
    }

    private void deliver(BudgetAlert alert) {
        try {
            delivery.alert(alert);
            count("sent");
        } catch (RuntimeException e) {
            count("failed");
            log.warn("Budget alert not delivered to {}: {} ({})", name, alert.describe(), e.toString());
        }
    }

    private void dropped() {
        count("dropped");
        log.warn("Budget alert dropped: the {} sink has {} alerts waiting or is closed", name,
                executor.getQueue().size());
    }

    private void count(String outcome) {
        if (registry != null) {
            registry.counter("caravan.budget.alert.deliveries", "sink", name, "outcome", outcome).increment();
        }
    }

    /** Lets queued alerts go out for a few seconds, then stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                int left = executor.shutdownNow().size();
                log.warn("{} budget alert(s) for {} not delivered at shutdown", left, name);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
