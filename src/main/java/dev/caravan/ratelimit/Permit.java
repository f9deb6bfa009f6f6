package dev.caravan.ratelimit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's place in flight, held on every limited key of the request until
 * {@link ConcurrencyLimiter#release released} (or until its lease ends). Keep it with the request
 * (an exchange variable) and release it exactly when the request is finished, on every path.
 *
 * <p>It remembers the limiter that issued it, so that a permit taken from the in-process stand-in
 * while Redis was unreachable is given back there, not to Redis.
 */
public final class Permit {

    private static final Permit NONE = new Permit("none", List.of(), null);

    private final String id;
    private final List<ConcurrencyKey> keys;
    private final ConcurrencyLimiter issuer;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(String id, List<ConcurrencyKey> keys, ConcurrencyLimiter issuer) {
        this.id = id;
        this.keys = keys;
        this.issuer = issuer;
    }

    /** A fresh permit (random id) held on these keys, issued by {@code issuer}. */
    static Permit issue(List<ConcurrencyLimit> limits, ConcurrencyLimiter issuer) {
        List<ConcurrencyKey> keys = limits.stream().map(ConcurrencyLimit::key).toList();
        return new Permit(UUID.randomUUID().toString(), keys, Objects.requireNonNull(issuer, "issuer"));
    }

    /** The permit of a request no limit applies to: shared, holds nothing, releasing it does nothing. */
    public static Permit none() {
        return NONE;
    }

    /** Unique per permit; the member of each key's set in Redis. */
    public String id() {
        return id;
    }

    /** The keys it is held on: those of the request that have a limit. */
    public List<ConcurrencyKey> keys() {
        return keys;
    }

    /** True for {@link #none()}: nothing is held. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    boolean issuedBy(ConcurrencyLimiter limiter) {
        return issuer == limiter;
    }

    /** True the first time only: lets the outermost limiter give a permit back once however often it is released. */
    boolean markReleased() {
        return released.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return isEmpty() ? "Permit[none]" : "Permit[" + id + " on " + keys + "]";
    }
}
