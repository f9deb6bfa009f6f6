package dev.caravan.deadletter;

import java.time.Instant;

/**
 * What the admin API may show of a dead letter: its metadata, never its payload or a stored
 * answer ({@code responseStored} only says whether one exists).
 */
public record DeadLetterView(
        String id,
        String requestId,
        String channel,
        Instant createdAt,
        String errorCode,
        String errorMessage,
        String attempts,
        String modelRequested,
        String sensitivity,
        String payloadFormat,
        String replyTo,
        String correlationId,
        DeadLetterStatus status,
        int replayAttempts,
        Instant replayStartedAt,
        Instant replayedAt,
        String replayRequestId,
        String replayErrorCode,
        String replayErrorMessage,
        boolean responseStored) {
}
