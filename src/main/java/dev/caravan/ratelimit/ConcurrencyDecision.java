package dev.caravan.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ConcurrencyLimiter#acquire} decided: a {@link Permit} held on every limited key, or
 * a refusal, with the {@link #message()} the caller is told.
 */
public final class ConcurrencyDecision {

    public enum Outcome {
        /** The permit is held on every key that has a limit (or none has). */
        ACQUIRED,
        /** A key already has its limit in flight; nothing was taken anywhere. */
        LIMITED,
        /** The limits could not be checked (Redis unreachable, failing closed). */
        UNAVAILABLE
    }

    private static final ConcurrencyDecision UNLIMITED = new ConcurrencyDecision(Outcome.ACQUIRED, Permit.none(), null,
            0, Duration.ZERO, null);

    private final Outcome outcome;
    private final Permit permit;
    private final ConcurrencyKey refusedBy;
    private final int limit;
    private final Duration retryAfter;
    private final String unavailableReason;

    private ConcurrencyDecision(Outcome outcome, Permit permit, ConcurrencyKey refusedBy, int limit, Duration retryAfter,
            String unavailableReason) {
        this.outcome = outcome;
        this.permit = permit;
        this.refusedBy = refusedBy;
        this.limit = limit;
        this.retryAfter = retryAfter;
        this.unavailableReason = unavailableReason;
    }

    /** Acquired, no limit applying: the shared empty permit. */
    public static ConcurrencyDecision unlimited() {
        return UNLIMITED;
    }

    public static ConcurrencyDecision acquired(Permit permit) {
        return permit.isEmpty() ? UNLIMITED
                : new ConcurrencyDecision(Outcome.ACQUIRED, permit, null, 0, Duration.ZERO, null);
    }

    public static ConcurrencyDecision limited(ConcurrencyKey key, int limit) {
        return new ConcurrencyDecision(Outcome.LIMITED, null, Objects.requireNonNull(key, "key"), limit, Duration.ZERO,
                null);
    }

    public static ConcurrencyDecision unavailable(Duration retryAfter, String reason) {
        return new ConcurrencyDecision(Outcome.UNAVAILABLE, null, null, 0, Objects.requireNonNull(retryAfter, "retryAfter"),
                Objects.requireNonNull(reason, "reason"));
    }

    public boolean acquired() {
        return outcome == Outcome.ACQUIRED;
    }

    public Outcome outcome() {
        return outcome;
    }

    /**
     * The permit to release when the request is finished.
     *
     * @throws IllegalStateException when refused: there is nothing to release
     */
    public Permit permit() {
        if (permit == null) {
            throw new IllegalStateException("no permit: " + this);
        }
        return permit;
    }

    /** The key that had no room (LIMITED). */
    public Optional<ConcurrencyKey> refusedBy() {
        return Optional.ofNullable(refusedBy);
    }

    /** The refusing key's limit (LIMITED); 0 otherwise. */
    public int limit() {
        return limit;
    }

    /**
     * When to try again: the retry interval when UNAVAILABLE; zero otherwise, since when a request
     * in flight finishes is unknown (leave {@code Retry-After} out and let the client back off).
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * For the error body of a refusal, e.g. {@code Too many requests in flight for tenant 'acme'
     * (limit 4). Please try again when one of them has finished.} It names the caller's own tenant
     * or task, never another caller.
     */
    public String message() {
        return switch (outcome) {
            case ACQUIRED -> "Acquired.";
            case LIMITED -> "Too many requests in flight for " + refusedBy.describe() + " (limit " + limit
                    + "). Please try again when one of them has finished.";
            case UNAVAILABLE -> "Concurrency limits cannot be checked right now (" + unavailableReason
                    + "). Please try again in " + Decision.formatDuration(retryAfter) + ".";
        };
    }

    @Override
    public String toString() {
        return "ConcurrencyDecision[" + outcome + (refusedBy == null ? "" : " by " + refusedBy + " limit " + limit)
                + (permit == null ? "" : " " + permit) + "]";
    }
}
