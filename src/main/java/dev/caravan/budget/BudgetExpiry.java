package dev.caravan.budget;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link BudgetLedger#expire} every {@code expiry-interval} on one daemon thread, and deletes
 * finished reservations older than {@code retention}. Every instance runs it; the ledger makes
 * that safe (each reservation is released once), and it means no instance is special. Budgets
 * can be added through the admin API at any time, so the thread always runs; each run skips the
 * database while no budget is declared or stored (nothing can be held then, bar what a crashed
 * instance left before the last budget was deleted, which is released once a budget exists again).
 * A failed run (database away) is logged and tried again at the next interval.
 *
 * <p>Counts released reservations in {@code caravan.budget.expired}.
 */
public class BudgetExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BudgetExpiry.class);

    private final BudgetLedger ledger;
    private final Duration interval;
    private final Duration retention;
    private final BooleanSupplier anyBudget;
    private final Clock clock;
    private final MeterRegistry registry;
    private ScheduledExecutorService scheduler;

    /** For the configured budgets alone. @param registry may be null */
    public BudgetExpiry(BudgetLedger ledger, BudgetProperties properties, Clock clock, MeterRegistry registry) {
        this(ledger, properties, properties::enabled, clock, registry);
    }

    /**
     * @param anyBudget whether any budget applies now (read at every run: {@link LayeredBudgets#isEmpty()})
     * @param registry  may be null
     */
    public BudgetExpiry(BudgetLedger ledger, BudgetProperties properties, BooleanSupplier anyBudget, Clock clock,
            MeterRegistry registry) {
        this.ledger = ledger;
        this.interval = properties.expiryInterval();
        this.retention = properties.retention();
        this.anyBudget = anyBudget;
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

    /** What the thread does every interval: {@link #runOnce()} unless no budget exists. */
    void tick() {
        if (!anyBudget.getAsBoolean()) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Budget expiry run failed; trying again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "caravan-budget-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(),
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
