package dev.caravan.routing;

import dev.caravan.config.ModelProperties;
import java.util.List;

/**
 * The models that may answer a request, best first, and why. Later stages (fallback chains)
 * walk the candidates in order.
 *
 * @param candidates  every model that may serve the request (allowed, capable, fits, not down), best first
 * @param reason      a short human reason ({@code explicit model}, {@code auto: balanced ...})
 * @param strategy    the strategy that ordered the candidates ({@code balanced}, {@code cost},
 *                    {@code quality}, {@code latency}) or {@code explicit}
 * @param explanation one line, printable ASCII and free of request content: safe for an HTTP
 *                    header and the usage record, e.g.
 *                    {@code balanced: sim-small score=0.0012 complexity=simple sensitivity=confidential candidates=3 via=default}
 * @param scores      per-candidate scores in candidate order; empty when the model was named explicitly
 * @param complexity  the prompt assessment for chat requests routed by a virtual model; null otherwise
 */
public record RouteDecision(
        List<ModelProperties> candidates,
        String reason,
        String strategy,
        String explanation,
        List<CandidateScore> scores,
        PromptComplexity.Assessment complexity) {

    /** Longest explanation kept (the usage record's column holds 512). */
    static final int MAX_EXPLANATION = 512;

    public RouteDecision {
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("a route decision needs at least one candidate");
        }
        candidates = List.copyOf(candidates);
        scores = scores == null ? List.of() : List.copyOf(scores);
        reason = reason == null ? "" : reason;
        strategy = strategy == null ? "" : strategy;
        explanation = headerSafe(explanation == null ? reason : explanation);
    }

    /** A decision without scores: the given order, explained by {@code reason}. */
    public RouteDecision(List<ModelProperties> candidates, String reason) {
        this(candidates, reason, null, reason, List.of(), null);
    }

    public ModelProperties primary() {
        return candidates.get(0);
    }

    /** Printable ASCII only (anything else becomes '?'), one line, at most {@value #MAX_EXPLANATION} characters. */
    static String headerSafe(String text) {
        int n = Math.min(text.length(), MAX_EXPLANATION);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return replaceUnsafe(text, n);
            }
        }
        return n == text.length() ? text : text.substring(0, n);
    }

    private static String replaceUnsafe(String text, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c > 0x7E ? '?' : c);
        }
        return b.toString();
    }
}
