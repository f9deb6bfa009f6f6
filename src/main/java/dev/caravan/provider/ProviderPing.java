package dev.caravan.provider;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.GatewayException;
import java.util.List;

/**
 * The smallest real call to a provider: a one-token answer to "ping" through the model's own
 * LangChain4j client, for the admin API's connection test. Outside the circuit breakers and the
 * latency tracker on purpose: an admin's test says nothing about the model's traffic.
 */
public final class ProviderPing {

    private static final ChatRequest PING = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, "ping", null)),
            0.0, null, 1, null, null, null, null, null, null, false, false);

    private ProviderPing() {
    }

    /** @throws GatewayException the provider's failure, mapped as for a request */
    public static void ping(ProviderClients clients, ModelProperties model) {
        try {
            clients.chat(model).chat(ChatRequestMapper.toLangChain4j(PING, model));
        } catch (RuntimeException e) {
            throw ProviderErrors.map(e, model);
        }
    }
}
