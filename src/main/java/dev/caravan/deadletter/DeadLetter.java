package dev.caravan.deadletter;

import dev.caravan.gateway.Channel;
import java.time.Instant;

/**
 * A stored dead letter with its protected payload. Decode the payload with
 * {@link DeadLetterCodec#decode(String, String, String)} ({@code payloadFormat}, {@code payload},
 * {@code requestId}). Not for API responses: use {@link #view()}.
 *
 * @param replayAttempts how many replays were started
 * @param replayErrorCode why the last replay failed (the original failure stays in {@code errorCode})
 */
public record DeadLetter(
        String id,
        String requestId,
        Channel channel,
        Instant createdAt,
        String errorCode,
        String errorMessage,
        String attempts,
        String modelRequested,
        String sensitivity,
        String payloadFormat,
        String payload,
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

    /** The metadata, without the payload. */
    public DeadLetterView view() {
        return new DeadLetterView(id, requestId, channel == null ? null : channel.id(), createdAt, errorCode, errorMessage, attempts, modelRequested,
                sensitivity, payloadFormat, replyTo, correlationId, status, replayAttempts, replayStartedAt,
                replayedAt, replayRequestId, replayErrorCode, replayErrorMessage, responseStored);
    }

    /** Never shows the payload. */
    @Override
    public String toString() {
        return "DeadLetter[id=" + id + ", requestId=" + requestId + ", channel=" + channel + ", status=" + status
                + ", payloadFormat=" + payloadFormat + "]";
    }
}
