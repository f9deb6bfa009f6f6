package dev.caravan.cache;

import java.time.Instant;

/** Answers and keys for cache tests. */
final class TestAnswers {

    private TestAnswers() {
    }

    static CachedAnswer answer(String text) {
        return new CachedAnswer(text, "stop", "simulator", "sim-small", 12, 34, 56,
                Instant.parse("2025-01-02T03:04:05.678Z"));
    }

    static CacheKey key(String tenant, String user, String hash) {
        return new CacheKey(tenant, user, hash);
    }

    /** A unit vector pointing mostly along {@code axis}, tilted towards axis+1 by {@code tilt}. */
    static float[] unit(int dimensions, int axis, double tilt) {
        float[] v = new float[dimensions];
        v[axis] = (float) Math.cos(tilt);
        v[(axis + 1) % dimensions] = (float) Math.sin(tilt);
        return v;
    }
}
