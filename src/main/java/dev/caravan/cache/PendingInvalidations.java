package dev.caravan.cache;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToLongFunction;

/**
 * Invalidations made while Redis was down, replayed on Redis before it is used again, so that an
 * answer dropped during an outage does not come back with Redis. Replaying twice is harmless
 * (an invalidation removes what is there); too many are folded into one "everything".
 */
final class PendingInvalidations {

    private static final int MAX_PENDING = 100;

    private final Queue<CacheInvalidation> pending = new ConcurrentLinkedQueue<>();
    private final RedisAvailability availability;

    PendingInvalidations(RedisAvailability availability) {
        this.availability = availability;
    }

    void add(CacheInvalidation what) {
        if (pending.size() >= MAX_PENDING) {
            pending.clear();
            what = CacheInvalidation.everything();
        }
        pending.add(what);
    }

    /** Applies the pending invalidations to Redis; they stay pending unless all succeeded. */
    void replayOn(ToLongFunction<CacheInvalidation> redis) {
        List<CacheInvalidation> replay = List.copyOf(pending);
        if (replay.isEmpty()) {
            return;
        }
        long failuresBefore = availability.failures();
        replay.forEach(redis::applyAsLong);
        if (availability.failures() == failuresBefore) {
            pending.removeAll(replay);
        }
    }
}
