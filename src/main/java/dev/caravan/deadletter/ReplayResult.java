package dev.caravan.deadletter;

/**
 * What a {@link Replayer} reports.
 *
 * @param answered     the pipeline produced an answer
 * @param delivered    the answer reached the original channel
 * @param responseJson the answer (kept with the letter when it was not delivered); may be null
 * @param errorCode    why the replay failed ({@code ErrorKind.code()}); null when answered
 * @param errorMessage the failure's message (safe to show); null when answered
 */
public record ReplayResult(boolean answered, boolean delivered, String responseJson, String errorCode,
        String errorMessage) {

    public ReplayResult {
        if (answered && errorCode != null) {
            throw new IllegalArgumentException("an answered replay has no error code");
        }
        if (!answered && delivered) {
            throw new IllegalArgumentException("a failed replay cannot have been delivered");
        }
        if (!answered && errorCode == null) {
            errorCode = "internal_error";
        }
    }

    /** Answered and delivered to the original channel. */
    public static ReplayResult answeredAndDelivered() {
        return new ReplayResult(true, true, null, null, null);
    }

    /** Answered, but the original channel could not be reached: the answer is kept with the letter. */
    public static ReplayResult undelivered(String responseJson) {
        return new ReplayResult(true, false, responseJson, null, null);
    }

    public static ReplayResult failed(String errorCode, String errorMessage) {
        return new ReplayResult(false, false, null, errorCode, errorMessage);
    }

    /** Never shows the answer. */
    @Override
    public String toString() {
        return "ReplayResult[answered=" + answered + ", delivered=" + delivered + ", errorCode=" + errorCode + "]";
    }
}
