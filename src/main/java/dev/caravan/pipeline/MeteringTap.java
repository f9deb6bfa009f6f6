package dev.caravan.pipeline;

import dev.caravan.cache.CacheResult;
import dev.caravan.classify.Classification;
import dev.caravan.classify.FindingType;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.metering.MeteringRecorder;
import dev.caravan.metering.UsageRecord;
import dev.caravan.resilience.AttemptPlan;
import dev.caravan.routing.RouteDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
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
        Classification classification = exchange.getVariable(Vars.CLASSIFICATION, Classification.class);
        GatewayException failure = Failures.of(exchange);
        Channel channel = exchange.getVariable(Vars.CHANNEL, Channel.class);
        Instant receivedAt = RequestStart.receivedAt(exchange);
        Caller caller = request == null ? Caller.anonymous() : request.caller();

        var record = UsageRecord.builder(RequestStart.requestId(exchange))
                .createdAt(receivedAt)
                .channel(channel == null ? "unknown" : channel.id())
                .kind(request != null ? request.payload().kind()
                        : exchange.getVariable(Vars.KIND, UsageRecord.KIND_CHAT, String.class))
                .tenant(caller.tenant()).userId(caller.user()).service(caller.service()).keyId(caller.keyId())
                .task(request == null ? null : request.task())
                .modelRequested(request != null ? request.model() : exchange.getVariable(Vars.MODEL_REQUESTED, String.class))
                .latencyMs(Math.max(0, Duration.between(receivedAt, now).toMillis()))
                .status(status(failure))
                .errorCode(failure == null ? null : failure.kind().code())
                .streamed(request != null && request.streaming());
        CacheResult cache = exchange.getVariable(Vars.CACHE_RESULT, CacheResult.class);
        if (cache != null) {
            record.cacheStatus(cache.header());
        }
        if (response != null && cache != null && cache.hit() && failure == null) {
            // no provider was called: nothing spent, and the original call's cost saved
            record.route(response.provider(), response.model())
                    .status(UsageRecord.STATUS_CACHED)
                    .savedCostMicros(cache.answer().costMicros());
        } else if (response != null) {
            record.route(response.provider(), response.model())
                    .tokens(response.usage().inputTokens(), response.usage().outputTokens())
                    .costMicros(response.costMicros());
        } else if (route != null) {
            record.route(route.primary().provider().id(), route.primary().id());
        }
        if (route != null) {
            record.route(route.explanation());
        }
        AttemptPlan plan = exchange.getVariable(Vars.ATTEMPTS, AttemptPlan.class);
        if (plan != null && plan.calls() > 0) {
            record.attempts(plan.summary());
        }
        if (classification != null) {
            record.sensitivity(classification.sensitivity().id())
                    .findingTypes(classification.findings().isEmpty() ? null
                            : classification.types().stream().map(FindingType::name).collect(Collectors.joining(",")));
        }
        return record.build();
    }

    private static String status(GatewayException failure) {
        if (failure == null) {
            return UsageRecord.STATUS_OK;
        }
        return failure.kind().isCallerError() && failure.kind() != ErrorKind.CLIENT_CLOSED
                ? UsageRecord.STATUS_REJECTED : UsageRecord.STATUS_ERROR;
    }
}
