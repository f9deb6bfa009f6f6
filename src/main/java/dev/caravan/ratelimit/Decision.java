package dev.caravan.ratelimit;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RateLimiter#check} decided, with what the caller is told: {@link #headers()} (OpenAI's
 * {@code x-ratelimit-*}, and {@code Retry-After} on a refusal) and {@link #message()}.
 *
 * <p>The request headers describe the request limit (per minute or per hour, at any scope) with the
 * fewest requests remaining, the token headers the token limit with the fewest tokens remaining; a
 * tie goes to the one that takes longer to reset. Headers of a kind no limit counts are left out.
 */
public final class Decision {

    public enum Outcome {
        /** Counted against every limit that applies (or none applies). */
        ALLOWED,
        /** A limit has too little left now; {@link #retryAfter()} says when it will have enough. */
        LIMITED,
        /** More tokens were asked for than a limit can ever hold: waiting does not help. */
        TOO_LARGE,
        /** The limits could not be checked (Redis unreachable, failing closed). */
        UNAVAILABLE
    }

    /** Per bucket, in the order of the limits it describes; {@code retryMillis < 0}: can never pass. */
    record BucketState(long remaining, long resetMillis, long retryMillis) {
    }

    private static final Decision UNLIMITED = new Decision(Outcome.ALLOWED, null, 0, 0, Duration.ZERO, null, null, null);

    private final Outcome outcome;
    private final Limit refusedBy;
    private final long refusedRemaining;
    private final long requested;
    private final Duration retryAfter;
    private final Quota requests;
    private final Quota tokens;
    private final String unavailableReason;

    private Decision(Outcome outcome, Limit refusedBy, long refusedRemaining, long requested, Duration retryAfter,
            Quota requests, Quota tokens, String unavailableReason) {
        this.outcome = outcome;
        this.refusedBy = refusedBy;
        this.refusedRemaining = refusedRemaining;
        this.requested = requested;
        this.retryAfter = retryAfter;
        this.requests = requests;
        this.tokens = tokens;
        this.unavailableReason = unavailableReason;
    }

    /** Allowed, no limit applying: no headers. */
    public static Decision unlimited() {
        return UNLIMITED;
    }

    /** Refused because the limits cannot be checked; the caller may try again after {@code retryAfter}. */
    public static Decision unavailable(Duration retryAfter, String reason) {
        return new Decision(Outcome.UNAVAILABLE, null, 0, 0, Objects.requireNonNull(retryAfter, "retryAfter"), null,
                null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * From the buckets' states: the refusing limit is one that can never pass if any (TOO_LARGE),
     * else the one that takes longest to have enough, which is also when all of them have.
     */
    static Decision of(Outcome outcome, List<Limit> limits, List<BucketState> states, long tokensAsked) {
        Limit refusedBy = null;
        long refusedRemaining = 0;
        long retry = 0;
        Quota requests = null;
        Quota tokens = null;
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            BucketState state = states.get(i);
            boolean refuses = outcome == Outcome.TOO_LARGE
                    ? state.retryMillis() < 0 && refusedBy == null
                    : outcome == Outcome.LIMITED && state.retryMillis() > retry;
            if (refuses) {
                refusedBy = limit;
                refusedRemaining = state.remaining();
                retry = Math.max(retry, state.retryMillis());
            }
            Quota quota = new Quota(limit.capacity(), state.remaining(), Duration.ofMillis(state.resetMillis()));
            if (limit.kind().countsTokens()) {
                tokens = tighter(tokens, quota);
            } else {
                requests = tighter(requests, quota);
            }
        }
        if (outcome != Outcome.ALLOWED && refusedBy == null) {
            throw new IllegalStateException(outcome + " without a refusing limit among " + limits);
        }
        long asked = refusedBy == null ? 0 : refusedBy.kind().countsTokens() ? tokensAsked : 1;
        return new Decision(outcome, refusedBy, refusedRemaining, asked, Duration.ofMillis(retry), requests, tokens, null);
    }

    private static Quota tighter(Quota current, Quota candidate) {
        if (current == null || candidate.remaining() < current.remaining()) {
            return candidate;
        }
        if (candidate.remaining() == current.remaining() && candidate.reset().compareTo(current.reset()) > 0) {
            return candidate;
        }
        return current;
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The limit that refused (LIMITED, TOO_LARGE). */
    public Optional<Limit> refusedBy() {
        return Optional.ofNullable(refusedBy);
    }

    /** How long to wait before trying again: positive when LIMITED or UNAVAILABLE, zero otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The tightest request limit; empty when no request limit applies (or UNAVAILABLE). */
    public Optional<Quota> requests() {
        return Optional.ofNullable(requests);
    }

    /** The tightest token limit; empty when no token limit applies (or UNAVAILABLE). */
    public Optional<Quota> tokens() {
        return Optional.ofNullable(tokens);
    }

    /**
     * The response headers, names in lower case, in this order: {@code x-ratelimit-limit-requests},
     * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} (and the same three
     * for {@code -tokens}) with integers and Go-style durations as OpenAI sends them ({@code 12ms},
     * {@code 1.5s}, {@code 6m0s}); on LIMITED and UNAVAILABLE also {@code retry-after} (whole
     * seconds, rounded up: RFC 9110 allows no fraction) and {@code retry-after-ms} (read first by
     * OpenAI's SDKs).
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (requests != null) {
            headers.put("x-ratelimit-limit-requests", Long.toString(requests.limit()));
            headers.put("x-ratelimit-remaining-requests", Long.toString(requests.remaining()));
            headers.put("x-ratelimit-reset-requests", formatDuration(requests.reset()));
        }
        if (tokens != null) {
            headers.put("x-ratelimit-limit-tokens", Long.toString(tokens.limit()));
            headers.put("x-ratelimit-remaining-tokens", Long.toString(tokens.remaining()));
            headers.put("x-ratelimit-reset-tokens", formatDuration(tokens.reset()));
        }
        if ((!retryAfter.isZero() && !retryAfter.isNegative())) {
            long millis = retryAfter.toMillis();
            headers.put("retry-after", Long.toString(TokenBucket.ceilDiv(millis, 1000)));
            headers.put("retry-after-ms", Long.toString(millis));
        }
        return Collections.unmodifiableMap(headers);
    }

    /**
     * For the error body of a refusal, in OpenAI's manner, e.g. {@code Rate limit reached for
     * tenant acme on requests per minute: limit 60, remaining 0, requested 1. Please try again in
     * 1.5s.} It names the caller's own tenant, key or user, or a provider, never another caller.
     */
    public String message() {
        return switch (outcome) {
            case ALLOWED -> "Allowed.";
            case LIMITED -> "Rate limit reached for " + refusedBy.key().describe() + " on " + refusedBy.kind().label()
                    + ": limit " + refusedBy.capacity() + ", remaining " + refusedRemaining + ", requested "
                    + requested + ". Please try again in " + formatDuration(retryAfter) + ".";
            case TOO_LARGE -> "Request too large for " + refusedBy.key().describe() + " on " + refusedBy.kind().label()
                    + ": limit " + refusedBy.capacity() + ", requested " + requested
                    + ". Send fewer tokens or ask for fewer (max_tokens).";
            case UNAVAILABLE -> "Rate limits cannot be checked right now (" + unavailableReason
                    + "). Please try again in " + formatDuration(retryAfter) + ".";
        };
    }

    /**
     * A duration as Go prints one (OpenAI's reset headers are Go durations), to the millisecond:
     * {@code 0s}, {@code 12ms}, {@code 1s}, {@code 8.64s}, {@code 6m0s}, {@code 1m30.5s},
     * {@code 1h0m0s}. {@code time.ParseDuration} and this gateway's {@code RetryAfter} read them.
     */
    public static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder text = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        text.append(millis / 1000 % 60);
        long fraction = millis % 1000;
        if (fraction > 0) {
            String digits = String.format("%03d", fraction);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(digits, 0, end);
        }
        return text.append('s').toString();
    }

    @Override
    public String toString() {
        return "Decision[" + outcome + (refusedBy == null ? "" : " by " + refusedBy.key() + " " + refusedBy.kind())
                + ((!retryAfter.isZero() && !retryAfter.isNegative()) ? " retry after " + formatDuration(retryAfter) : "") + "]";
    }
}
