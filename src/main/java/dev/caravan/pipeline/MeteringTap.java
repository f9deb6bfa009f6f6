package dev.caravan.pipeline;

import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.metering.UsageRecord;
import dev.caravan.routing.RouteDecision;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Reads a finished exchange's variables into its one {@link UsageRecord} and hands it to the
 * recorder. Called from the ingress routes' completion hook through a wire-tap, so it runs
 * for every outcome (answered, refused, failed) and never on the caller's time.
 */
@Component("meteringTap")
public class MeteringTap {

    private final MeteringRecorder recorder;

    public MeteringTap(MeteringRecorder recorder) {
        this.recorder = recorder;
    }

    public void record(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getVariable("duplicate", Boolean.class))) {
            return; // a file answered before a crash: its record exists already
        }
        recorder.record(toRecord(exchange, Instant.now()));
    }

    static UsageRecord toRecord(Exchange exchange, Instant now) {
        GatewayRequest request = exchange.getVariable(Vars.REQUEST, GatewayRequest.class);
        GatewayResponse response = exchange.getVariable(Vars.RESPONSE, GatewayResponse.class);
        RouteDecision route = exchange.getVariable(Vars.ROUTE, RouteDecision.class);
        GatewayException failure = Failures.of(exchange);
        Channel channel = exchange.getVariable(Vars.CHANNEL, Channel.class);
        Instant receivedAt = RequestStart.receivedAt(exchange);
        Caller caller = request == null ? Caller.anonymous() : request.caller();

        String provider = response != null ? response.provider() : route != null ? route.primary().provider().id() : null;
        String model = response != null ? response.model() : route != null ? route.primary().id() : null;
        long in = response == null ? 0 : response.usage().inputTokens();
        long out = response == null ? 0 : response.usage().outputTokens();
        long cost = response == null ? 0 : response.costMicros();
        return new UsageRecord(
                RequestStart.requestId(exchange),
                receivedAt,
                channel == null ? "unknown" : channel.id(),
                request == null ? "chat" : request.payload().kind(),
                caller.tenant(), caller.user(), caller.service(), caller.keyId(),
                request == null ? null : request.task(),
                request != null ? request.model() : exchange.getVariable(Vars.MODEL_REQUESTED, String.class),
                provider, model, in, out, cost,
                Math.max(0, Duration.between(receivedAt, now).toMillis()),
                status(failure),
                failure == null ? null : failure.kind().code(),
                request != null && request.streaming());
    }

    private static String status(GatewayException failure) {
        if (failure == null) {
            return "ok";
        }
        return failure.kind().isCallerError() && failure.kind() != ErrorKind.CLIENT_CLOSED ? "rejected" : "error";
    }
}
