package dev.caravan.pipeline;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestOptions;
import dev.caravan.provider.ChatInvoker;
import dev.caravan.resilience.ModelProbe;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The background health probe: a one-token request straight to the provider, so that a model
 * whose breaker opened comes back by itself once the provider answers again. Not metered: it is
 * the gateway's own traffic, not a caller's.
 */
@Component
class ProviderProbe implements ModelProbe {

    private static final ChatRequest PING = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, "ping", null)),
            0.0, null, 1, null, null, null, null, null, null, false, false);

    private final ChatInvoker invoker;

    ProviderProbe(ChatInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public boolean probe(ModelProperties model) {
        var request = new GatewayRequest("probe_" + model.id(), Channel.REST, Caller.anonymous(), null, model.id(), PING,
                RequestOptions.NONE, Instant.now());
        invoker.call(request, model);
        return true;
    }
}
