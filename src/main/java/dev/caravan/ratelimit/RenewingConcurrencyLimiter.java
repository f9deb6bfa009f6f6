package dev.caravan.ratelimit;

import dev.caravan.gateway.DaemonScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean's outermost layer: remembers the permits this instance holds and renews their leases
 * every third of {@code lease-ttl}, so that a request running longer than one lease (a long
 * stream) keeps its place. The lease still ends by itself when the instance dies: nobody renews
 * it then. Renewal runs on one daemon thread; {@link #renewHeld()} is what it calls.
 */
public final class RenewingConcurrencyLimiter implements ConcurrencyLimiter {

    private static final Logger log = LoggerFactory.getLogger(RenewingConcurrencyLimiter.class);

    private final ConcurrencyLimiter delegate;
    private final Map<String, Permit> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    /**
     * @param every how often to renew; {@code null} to leave it to the caller of {@link #renewHeld()} (tests)
     */
    public RenewingConcurrencyLimiter(ConcurrencyLimiter delegate, Duration every) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (every == null) {
            this.renewer = null;
            return;
        }
        this.renewer = DaemonScheduler.named("caravan-lease-renewal");
        long millis = Math.max(1, every.toMillis());
        renewer.scheduleWithFixedDelay(this::renewHeld, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public ConcurrencyDecision acquire(List<ConcurrencyKey> keys) {
        ConcurrencyDecision decision = delegate.acquire(keys);
        if (decision.acquired() && !decision.permit().isEmpty()) {
            held.put(decision.permit().id(), decision.permit());
        }
        return decision;
    }

    @Override
    public void release(Permit permit) {
        if (!permit.isEmpty()) {
            held.remove(permit.id());
        }
        delegate.release(permit);
    }

    @Override
    public void renew(Permit permit) {
        delegate.renew(permit);
    }

    /** Renews every permit held now; a failure is logged and the next round tries again. */
    public void renewHeld() {
        for (Permit permit : held.values()) {
            try {
                delegate.renew(permit);
            } catch (RuntimeException e) {
                log.warn("Could not renew a concurrency lease (it ends by itself): {}", e.toString());
            }
        }
    }

    /** Permits this instance holds now. */
    public int held() {
        return held.size();
    }

    @Override
    public void close() {
        try {
            if (renewer != null) {
                renewer.shutdownNow();
            }
        } finally {
            delegate.close();
        }
    }
}
