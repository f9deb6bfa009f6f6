package dev.caravan.routing;

import dev.caravan.config.Capability;
import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestPayload;
import dev.caravan.gateway.EmbeddingRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns the model a caller asked for into an ordered candidate list. An explicit model id is
 * taken as asked; a virtual model ({@code auto}, {@code cheap}, {@code fast}, {@code quality})
 * orders every enabled model that has the needed capability by that virtual model's criterion.
 */
@Component
public class ModelRouter {

    private final ModelCatalog catalog;
    private final LatencyTracker latency;

    public ModelRouter(ModelCatalog catalog, LatencyTracker latency) {
        this.catalog = catalog;
        this.latency = latency;
    }

    public RouteDecision route(GatewayRequest request) {
        Capability needed = capabilityFor(request.payload());
        Optional<VirtualModel> virtual = VirtualModel.parse(request.model());
        if (virtual.isPresent()) {
            return routeVirtual(virtual.get(), needed);
        }
        ModelCatalog.CatalogEntry entry = catalog.find(request.model())
                .orElseThrow(() -> new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                        "The model '" + request.model() + "' does not exist. GET /v1/models lists the models.", "model"));
        if (!entry.model().has(needed)) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST,
                    "The model '" + request.model() + "' does not support " + needed.name().toLowerCase() + " requests.", "model");
        }
        if (!entry.usable()) {
            throw new GatewayException(ErrorKind.MODEL_UNAVAILABLE,
                    "The model '" + request.model() + "' is " + entry.status().wire().replace('_', ' ') + ".", "model");
        }
        return new RouteDecision(List.of(entry.model()), "explicit model");
    }

    /** What a virtual model resolves to right now, for listings; empty when nothing qualifies. */
    public Optional<ModelProperties> preview(VirtualModel virtual, Capability needed) {
        return catalog.enabled().stream().filter(m -> m.has(needed)).min(order(virtual));
    }

    private RouteDecision routeVirtual(VirtualModel virtual, Capability needed) {
        List<ModelProperties> ordered = catalog.enabled().stream()
                .filter(m -> m.has(needed))
                .sorted(order(virtual))
                .toList();
        if (ordered.isEmpty()) {
            throw new GatewayException(ErrorKind.MODEL_UNAVAILABLE,
                    "No enabled model can serve " + needed.name().toLowerCase() + " requests.", "model");
        }
        return new RouteDecision(ordered, virtual.id() + ": " + virtual.description());
    }

    private Comparator<ModelProperties> order(VirtualModel virtual) {
        Comparator<ModelProperties> byPriority = Comparator.comparingInt(ModelProperties::priority);
        return switch (virtual) {
            case AUTO -> byPriority;
            case CHEAP -> Comparator.comparingLong((ModelProperties m) -> m.inputPricePer1m() + m.outputPricePer1m())
                    .thenComparing(byPriority);
            case QUALITY -> Comparator.comparingInt(ModelProperties::qualityTier).reversed().thenComparing(byPriority);
            // Models not measured yet sort first, so that every model gets observed once.
            case FAST -> Comparator.comparingDouble((ModelProperties m) -> latency.ewmaMillis(m.id()).orElse(0))
                    .thenComparing(byPriority);
        };
    }

    static Capability capabilityFor(RequestPayload payload) {
        return payload instanceof EmbeddingRequest ? Capability.EMBEDDING : Capability.TEXT;
    }
}
