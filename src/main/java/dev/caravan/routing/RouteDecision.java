package dev.caravan.routing;

import dev.caravan.config.ModelProperties;
import java.util.List;

/**
 * The models that may answer a request, best first, and why the first was chosen. Later
 * stages (fallback chains) walk the candidates in order.
 */
public record RouteDecision(List<ModelProperties> candidates, String reason) {

    public RouteDecision {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a route decision needs at least one candidate");
        }
        candidates = List.copyOf(candidates);
    }

    public ModelProperties primary() {
        return candidates.get(0);
    }
}
