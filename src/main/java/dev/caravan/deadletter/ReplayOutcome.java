package dev.caravan.deadletter;

/**
 * The result of replaying one dead letter, as the admin API reports it.
 *
 * @param status          {@code replayed} or {@code failed}
 * @param replayRequestId the id the replayed request ran under
 * @param delivered       the answer reached the original caller's channel
 * @param errorCode       why the replay failed; null when replayed
 */
public record ReplayOutcome(String id, DeadLetterStatus status, String replayRequestId, boolean delivered,
        String errorCode) {
}
