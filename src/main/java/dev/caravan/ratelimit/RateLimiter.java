package dev.caravan.ratelimit;

import java.util.List;

/**
 * Counts requests and tokens against the limits of a request's keys, all of them or none.
 *
 * <p>A call of {@link #check} either counts one request and {@code tokens} tokens against every
 * limit that applies, or, when any limit has too little left, counts nothing anywhere: a request
 * refused by its tenant's limit does not use up its key's. {@link #adjustTokens} then corrects the
 * token estimate once the real usage is known.
 *
 * <p>Implementations are thread-safe. Keys without configured limits are ignored.
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * @param keys   the request's keys, normally from {@link RateLimitKeys}
     * @param tokens the tokens the request is expected to use (prompt plus {@code max_tokens} or a
     *               guess of the answer); not negative
     */
    Decision check(List<LimitKey> keys, long tokens);

    /**
     * Counts {@code delta} more tokens against the token limits of these keys (actual minus
     * estimated; negative gives back), whatever is left: the call has been made. A limit may go
     * into debt, at most its capacity, which holds its next requests back until paid.
     */
    void adjustTokens(List<LimitKey> keys, long delta);

    /** Releases what the limiter holds (a Redis connection); the default holds nothing. */
    @Override
    default void close() {
    }
}
