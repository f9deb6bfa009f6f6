package dev.caravan.pipeline;

import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.identity.Identity;
import java.time.Instant;
import org.apache.camel.Exchange;

/** Stamps a request's identity on its exchange the moment it arrives, before anything can fail. */
public final class RequestStart {

    private RequestStart() {
    }

    public static String begin(Exchange exchange, Channel channel) {
        String requestId = GatewayRequest.newRequestId();
        exchange.setVariable(Vars.REQUEST_ID, requestId);
        exchange.setVariable(Vars.CHANNEL, channel);
        exchange.setVariable(Vars.RECEIVED_AT, Instant.now());
        return requestId;
    }

    /** The authenticated caller ({@link Vars#IDENTITY}), anonymous when there is none. */
    public static Caller caller(Exchange exchange) {
        Identity identity = exchange.getVariable(Vars.IDENTITY, Identity.class);
        return identity == null ? Caller.anonymous() : identity.caller();
    }

    public static String requestId(Exchange exchange) {
        return exchange.getVariable(Vars.REQUEST_ID, String.class);
    }

    public static Instant receivedAt(Exchange exchange) {
        Instant at = exchange.getVariable(Vars.RECEIVED_AT, Instant.class);
        return at == null ? Instant.now() : at;
    }
}
