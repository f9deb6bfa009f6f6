package dev.caravan.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bean's outer layer: meters, and a release that reaches the limiter once per permit however
 * often it is called (so a second release costs no Redis call).
 *
 * <ul>
 *   <li>{@code caravan.concurrency.refused} (counter), tags {@code scope} = the refusing key's
 *       ({@code global}, {@code tenant}, {@code task}) or {@code none}, and {@code reason} =
 *       {@code limit} or {@code unavailable} (Redis down, failing closed);</li>
 *   <li>{@code caravan.concurrency.in.flight} (gauge): permits this instance holds now, from
 *       Redis or the stand-in; one that never goes down betrays a path that does not release.</li>
 * </ul>
 * Counters are made once, so a refusal costs no meter lookup.
 */
public final class MeteredConcurrencyLimiter implements ConcurrencyLimiter {

    private final ConcurrencyLimiter delegate;
    private final Map<ConcurrencyScope, Counter> limited = new EnumMap<>(ConcurrencyScope.class);
    private final Counter unavailable;
    private final AtomicLong inFlight = new AtomicLong();

    public MeteredConcurrencyLimiter(ConcurrencyLimiter delegate, MeterRegistry meters) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        for (ConcurrencyScope scope : ConcurrencyScope.values()) {
            limited.put(scope, refused(meters, scope.id(), "limit"));
        }
        this.unavailable = refused(meters, "none", "unavailable");
        Gauge.builder("caravan.concurrency.in.flight", inFlight, AtomicLong::get)
                .description("Concurrency permits this instance holds (acquired, not yet released)")
                .register(meters);
    }

    private static Counter refused(MeterRegistry meters, String scope, String reason) {
        return Counter.builder("caravan.concurrency.refused")
                .description("Requests refused by a concurrency limit (reason limit) or because the limits could"
                        + " not be checked (reason unavailable)")
                .tag("scope", scope)
                .tag("reason", reason)
                .register(meters);
    }

    @Override
    public ConcurrencyDecision acquire(List<ConcurrencyKey> keys) {
        ConcurrencyDecision decision = delegate.acquire(keys);
        switch (decision.outcome()) {
            case ACQUIRED -> {
                if (!decision.permit().isEmpty()) {
                    inFlight.incrementAndGet();
                }
            }
            case LIMITED -> limited.get(decision.refusedBy().orElseThrow().scope()).increment();
            case UNAVAILABLE -> unavailable.increment();
        }
        return decision;
    }

    @Override
    public void release(Permit permit) {
        if (permit.isEmpty() || !permit.markReleased()) {
            return;
        }
        inFlight.decrementAndGet();
        delegate.release(permit);
    }

    @Override
    public void renew(Permit permit) {
        delegate.renew(permit);
    }

    /** Permits this instance holds now. */
    public long inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
