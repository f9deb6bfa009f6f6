package dev.caravan.pipeline;

import dev.caravan.gateway.GatewayRequest;
import dev.caravan.ratelimit.Decision;
import dev.caravan.ratelimit.LimitKey;
import dev.caravan.ratelimit.Permit;
import java.util.List;
import java.util.Map;

/**
 * A request let in by its plan and rate limits: the request as it goes on (its {@code max_tokens}
 * capped by the plan), what the rate limits counted (to correct with the actual tokens once
 * known), and the quota headers for the reply.
 *
 * @param keys            the rate-limit keys counted against; empty when nothing is limited
 * @param estimatedTokens the tokens counted against the token limits now
 * @param inputTokens     the prompt's tokens, or -1 when nothing needed them yet
 * @param permit          the request's place among the tenant's and task's requests in flight,
 *                        given back when it is over
 */
public record Admission(GatewayRequest request, List<LimitKey> keys, Decision decision, long estimatedTokens,
        long inputTokens, Permit permit) {

    /** The {@code x-ratelimit-*} headers for the reply; empty when no limit applies. */
    public Map<String, String> headers() {
        return decision.headers();
    }
}
