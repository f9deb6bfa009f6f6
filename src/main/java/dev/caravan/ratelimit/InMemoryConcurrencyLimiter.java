package dev.caravan.ratelimit;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Permits in this process: the limiter when no Redis is configured, and the stand-in while Redis
 * is unreachable and {@code fail-open} is set (then each instance counts for itself).
 *
 * <p>It keeps leases as Redis does (permit id → lease end, per key), so that a permit never
 * released because of a bug frees itself after the lease TTL here too, and both behave alike (one
 * contract test runs against both). One lock covers every key, which makes an acquire
 * all-or-nothing without ordering locks; it is held for a few map operations and no I/O. Time is
 * the injected clock's, in milliseconds.
 */
public final class InMemoryConcurrencyLimiter implements ConcurrencyLimiter {

    private static final long SWEEP_INTERVAL_MILLIS = 60_000;

    private final ConcurrencyProperties properties;
    private final Clock clock;
    private final long leaseMillis;
    private final Object lock = new Object();
    /** Per key with permits held: permit id → lease end (ms). */
    private final Map<ConcurrencyKey, Map<String, Long>> leases = new HashMap<>();
    private long lastSweep;

    public InMemoryConcurrencyLimiter(ConcurrencyProperties properties, Clock clock) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leaseMillis = properties.leaseTtl().toMillis();
        this.lastSweep = clock.millis();
    }

    @Override
    public ConcurrencyDecision acquire(List<ConcurrencyKey> keys) {
        List<ConcurrencyLimit> limits = properties.limitsFor(keys);
        if (limits.isEmpty()) {
            return ConcurrencyDecision.unlimited();
        }
        synchronized (lock) {
            long now = clock.millis();
            sweepIfDue(now);
            for (ConcurrencyLimit limit : limits) {
                Map<String, Long> held = leases.get(limit.key());
                if (held != null) {
                    held.values().removeIf(end -> end <= now);
                    if (held.size() >= limit.max()) {
                        return ConcurrencyDecision.limited(limit.key(), limit.max());
                    }
                }
            }
            Permit permit = Permit.issue(limits, this);
            long end = now + leaseMillis;
            for (ConcurrencyLimit limit : limits) {
                leases.computeIfAbsent(limit.key(), k -> new LinkedHashMap<>()).put(permit.id(), end);
            }
            return ConcurrencyDecision.acquired(permit);
        }
    }

    @Override
    public void release(Permit permit) {
        if (permit.isEmpty()) {
            return;
        }
        synchronized (lock) {
            for (ConcurrencyKey key : permit.keys()) {
                Map<String, Long> held = leases.get(key);
                if (held != null && held.remove(permit.id()) != null && held.isEmpty()) {
                    leases.remove(key);
                }
            }
        }
    }

    @Override
    public void renew(Permit permit) {
        if (permit.isEmpty()) {
            return;
        }
        synchronized (lock) {
            long now = clock.millis();
            for (ConcurrencyKey key : permit.keys()) {
                Map<String, Long> held = leases.get(key);
                if (held != null) {
                    held.computeIfPresent(permit.id(), (id, end) -> end > now ? now + leaseMillis : end);
                }
            }
        }
    }

    /** Permits held on a key whose lease has not ended: for tests and diagnostics. */
    int held(ConcurrencyKey key) {
        synchronized (lock) {
            long now = clock.millis();
            Map<String, Long> held = leases.get(key);
            return held == null ? 0 : (int) held.values().stream().filter(end -> end > now).count();
        }
    }

    /** Keys with permits (or ended leases not yet swept) in memory: for tests. */
    int keysHeld() {
        synchronized (lock) {
            return leases.size();
        }
    }

    /** Drops ended leases of keys not acquired since, so memory follows the keys in use. */
    private void sweepIfDue(long now) {
        if (now - lastSweep < SWEEP_INTERVAL_MILLIS) {
            return;
        }
        lastSweep = now;
        leases.values().forEach(held -> held.values().removeIf(end -> end <= now));
        leases.values().removeIf(Map::isEmpty);
    }
}
