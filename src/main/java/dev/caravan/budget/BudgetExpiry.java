package dev.caravan.budget;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link BudgetLedger#expire} every {@code expiry-interval} on one daemon thread, and deletes
 * finished reservations older than {@code retention}. Every instance runs it; the ledger makes
 * that safe (each reservation is released once), and it means no instance is special. Not
 * started when no budget is declared. A failed run (database away) is logged and tried again at
 * the next interval.
 *
 * <p>Counts released reservations in {@code caravan.budget.expired}.
 */
public class BudgetExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BudgetExpiry.class);

    private final BudgetLedger ledger;
    private final Duration interval;
    private final Duration retention;
    private final boolean enabled;
    private final Clock clock;
    private final MeterRegistry registry;
    private ScheduledExecutorService scheduler;

    /** @param registry may be null */
    public BudgetExpiry(BudgetLedger ledger, BudgetProperties properties, Clock clock, MeterRegistry registry) {
        this.ledger = ledger;
        this.interval = properties.expiryInterval();
        this.retention = properties.retention();
        this.enabled = properties.enabled();
        this.clock = clock;
        this.registry = registry;
    }

    /** One run: expire, then purge. Returns how many reservations were released. */
    public int runOnce() {
        Instant now = clock.instant();
        int expired = ledger.expire(now);
        if (registry != null && expired > 0) {
            registry.counter("caravan.budget.expired").increment(expired);
        }
        int purged = ledger.purgeFinished(now.minus(retention));
        if (purged > 0) {
            log.debug("Deleted {} finished budget reservation(s) older than {}", purged, retention);
        }
        return expired;
    }

    private void safeRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Budget expiry run failed; trying again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (!enabled || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "caravan-budget-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::safeRun, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        log.debug("Budget expiry every {}", interval);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
