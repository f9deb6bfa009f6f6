package dev.caravan.pipeline;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenSink;
import dev.caravan.provider.ChatInvoker;
import dev.caravan.resilience.AttemptPlan;
import dev.caravan.resilience.AttemptPlans;
import dev.caravan.resilience.BreakerRegistry;
import dev.caravan.routing.RouteDecision;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What the fallback routes call: starts a request's {@link AttemptPlan} and reports each
 * attempt's outcome to it. For streams it runs the same plan in Java, with the same breakers,
 * falling back only until the first token has reached the caller.
 */
@Component("fallbackChain")
public class FallbackChain {

    private final AttemptPlans plans;
    private final BreakerRegistry breakers;
    private final ChatInvoker invoker;
    private final Governance governance;

    public FallbackChain(AttemptPlans plans, BreakerRegistry breakers, ChatInvoker invoker, Governance governance) {
        this.governance = governance;
        this.plans = plans;
        this.breakers = breakers;
        this.invoker = invoker;
    }

    public AttemptPlan start(RouteDecision route) {
        return plans.start(route);
    }

    public void succeeded(AttemptPlan plan, GatewayResponse response) {
        if (response == null) {
            // the breaker let nothing through and said nothing: count it as not permitted
            plan.failed(new GatewayException(ErrorKind.MODEL_UNAVAILABLE, "circuit breaker open"));
            return;
        }
        plan.succeeded(response);
    }

    public void failed(AttemptPlan plan, Throwable error) {
        plan.failed(error);
    }

    /** After the loop: the answer, or the error the attempts ended with. */
    public void requireAnswer(AttemptPlan plan, GatewayResponse response) {
        if (response == null) {
            throw plan.finalFailure();
        }
    }

    /** The streaming fallback chain: like the routes, but no new attempt once a token was sent. */
    public GatewayResponse stream(GatewayRequest request, AttemptPlan plan, TokenSink sink, Admission admission) {
        while (plan.hasNext()) {
            ModelProperties model = plan.next();
            pause(plan.backoffMillis());
            try {
                governance.admitProvider(model, admission);
            } catch (GatewayException e) {
                plan.failed(e);
                continue;
            }
            CircuitBreaker breaker = breakers.forModel(model);
            if (!breaker.tryAcquirePermission()) {
                plan.failed(CallNotPermittedException.createCallNotPermittedException(breaker));
                continue;
            }
            long started = breaker.getCurrentTimestamp();
            var settings = plan.currentSettings();
            try {
                GatewayResponse response = invoker.stream(request, model, sink,
                        settings.firstTokenTimeout().toMillis(), settings.totalTimeout().toMillis());
                breaker.onSuccess(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit());
                plan.succeeded(response);
                return response;
            } catch (RuntimeException e) {
                breaker.onError(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit(), e);
                if (sink.committed()) {
                    plan.stop(e);
                    throw e instanceof GatewayException g ? g : Failures.of(e, request.requestId());
                }
                plan.failed(e);
            }
        }
        throw plan.finalFailure();
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
