package dev.caravan.ratelimit;

/** A key with its limit: at most {@code max} permits held on it at once. */
record ConcurrencyLimit(ConcurrencyKey key, int max) {
}
