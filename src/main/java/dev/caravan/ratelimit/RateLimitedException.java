package dev.caravan.ratelimit;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.util.Map;

/**
 * A request refused by a rate limit (429 {@code rate_limit_exceeded}) or because the limits
 * could not be checked (503, failing closed). Carries the {@link Decision}, so that the reply
 * gets {@code Retry-After} and the {@code x-ratelimit-*} headers.
 */
public class RateLimitedException extends GatewayException {

    private final transient Decision decision;

    public RateLimitedException(Decision decision) {
        super(decision.outcome() == Decision.Outcome.UNAVAILABLE ? ErrorKind.RATE_LIMITS_UNAVAILABLE
                : ErrorKind.RATE_LIMITED, decision.message());
        this.decision = decision;
    }

    public Map<String, String> headers() {
        return decision.headers();
    }
}
