package dev.caravan.ratelimit;

import java.util.List;

/**
 * Counts requests in flight against the concurrency limits of a request's keys, all of them or
 * none: a permit is taken on every limited key at once, or, when any key is full, on none (a
 * request refused by its task's limit does not hold a place in its tenant's).
 *
 * <p>Use: {@code acquire} before the work; if {@link ConcurrencyDecision#acquired()}, keep the
 * {@link ConcurrencyDecision#permit() permit} and {@link #release} it in a {@code finally} (or a
 * completion hook that runs on every outcome). Implementations are thread-safe; a permit may be
 * released on another thread than the one that acquired it. Keys without a configured limit are
 * ignored; when none has one, the shared {@link Permit#none() empty permit} is returned without
 * any work.
 */
public interface ConcurrencyLimiter extends AutoCloseable {

    /** @param keys the request's keys, normally {@link ConcurrencyKey#of(String, String)} */
    ConcurrencyDecision acquire(List<ConcurrencyKey> keys);

    /**
     * Gives the permit back on all its keys. Idempotent: a second release, or releasing
     * {@link Permit#none()}, does nothing. The bean never throws for an unreachable Redis
     * ({@link FailoverConcurrencyLimiter} counts the failure and the permit's lease ends by
     * itself); {@link RedisConcurrencyLimiter} alone throws Redis's exception.
     */
    void release(Permit permit);

    /**
     * Extends the permit's lease to {@code lease-ttl} from now on each of its keys that still
     * holds it, so that a request running longer than one lease keeps its place. A permit released
     * or whose lease has ended is not taken again. Never throws for an unreachable Redis in the
     * bean (see {@link #release}); the default does nothing.
     */
    default void renew(Permit permit) {
    }

    /** Releases what the limiter holds (a Redis connection); the default holds nothing. */
    @Override
    default void close() {
    }
}
