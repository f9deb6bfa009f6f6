package dev.caravan.deadletter;

/**
 * A dead-letter operation that cannot be done, with the HTTP status the admin API answers it
 * with. The message may be shown to the operator: it never carries payloads or keys.
 */
public class DeadLetterException extends RuntimeException {

    /** Why; each reason has its HTTP status and a stable error code. */
    public enum Reason {
        NOT_FOUND(404, "dead_letter_not_found"),
        /** Replayed successfully before: replaying again would answer the caller twice. */
        ALREADY_REPLAYED(409, "dead_letter_already_replayed"),
        /** Another replay of the same letter is running. */
        IN_PROGRESS(409, "dead_letter_replay_in_progress"),
        /** Encrypted with another key (or none is configured), altered, or not a readable request. */
        UNDECRYPTABLE(422, "dead_letter_undecryptable"),
        /** No {@link Replayer} is configured in this application. */
        REPLAY_UNAVAILABLE(503, "dead_letter_replay_unavailable");

        private final int status;
        private final String code;

        Reason(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public DeadLetterException(Reason reason, String message) {
        this(reason, message, null);
    }

    public DeadLetterException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status for this failure (404, 409, 422 or 503). */
    public int status() {
        return reason.status();
    }
}
