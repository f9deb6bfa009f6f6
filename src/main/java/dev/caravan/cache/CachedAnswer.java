package dev.caravan.cache;

import java.time.Instant;

/**
 * An answer kept for reuse. The text is stored as the model produced it: for a redacted request
 * it still holds the placeholders ({@code [EMAIL_1]}), never the caller's values, which are put
 * back per request by the restore step.
 *
 * @param costMicros what the original call cost; a hit saves this much
 */
public record CachedAnswer(
        String text,
        String finishReason,
        String provider,
        String model,
        long inputTokens,
        long outputTokens,
        long costMicros,
        Instant storedAt) {
}
