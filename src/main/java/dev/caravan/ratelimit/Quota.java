package dev.caravan.ratelimit;

import java.time.Duration;

/**
 * Where a caller stands against one limit, as OpenAI's {@code x-ratelimit-*} headers report it.
 *
 * @param limit     the most that can pass at once: the bucket's capacity (rate plus burst)
 * @param remaining what can pass now (after this request, when it was allowed)
 * @param reset     until the bucket is full again ("resets to its initial state", in OpenAI's words)
 */
public record Quota(long limit, long remaining, Duration reset) {
}
