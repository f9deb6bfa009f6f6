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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.stereotype.Component;

/**
 * The fallback chains: a request's {@link AttemptPlan} walked in Java, each attempt through the
 * model's circuit breaker, the next candidate on a retryable failure. For answers in one piece
 * each attempt is the model's {@code model-call} route (the Resilience4j EIP declared in YAML);
 * for streams the same breakers are used from here, falling back only until the first token has
 * reached the caller.
 */
@Component("fallbackChain")
public class FallbackChain {

    private final AttemptPlans plans;
    private final BreakerRegistry breakers;
    private final ChatInvoker invoker;
    private final Governance governance;
    private final Map<String, Producer> modelCalls = new ConcurrentHashMap<>();

    public FallbackChain(AttemptPlans plans, BreakerRegistry breakers, ChatInvoker invoker, Governance governance) {
        this.governance = governance;
        this.plans = plans;
        this.breakers = breakers;
        this.invoker = invoker;
    }

    public AttemptPlan start(RouteDecision route) {
        return plans.start(route);
    }

    /**
     * The fallback chain for answers in one piece: each attempt sends the exchange through the
     * model's {@code model-call} route (its circuit breaker, declared in YAML), the next candidate
     * on a failure the plan retries or moves on from, until one answers or the plan gives up.
     *
     * <p>A Java loop around the breaker routes, as for streams, rather than Camel's loop, doTry and
     * toD EIPs: those added ~0.1 ms per request on the happy path (issue 4's aim is 50 µs), for a
     * loop that is four lines here.
     *
     * <p>Leaves the answer in the variable {@code response} and the attempts in {@code attempts}.
     * Called as a processor ({@code bean:}), not an expression: a bean expression works on a copy
     * of the exchange, whose variables would be lost.
     *
     * @throws GatewayException the error the attempts ended with
     */
    public void call(Exchange exchange) {
        AttemptPlan plan = start(exchange.getVariable(Vars.ROUTE, RouteDecision.class));
        exchange.setVariable(Vars.ATTEMPTS, plan);
        Admission admission = exchange.getVariable(Vars.ADMISSION, Admission.class);
        while (plan.hasNext()) {
            ModelProperties model = plan.next();
            pause(plan.backoffMillis());
            exchange.setVariable(Vars.MODEL, model);
            try {
                governance.admitProvider(model, admission);
                modelCall(exchange, model).process(exchange);
                Exception error = exchange.getException();
                if (error != null) {
                    exchange.setException(null);
                    plan.failed(error);
                    continue;
                }
            } catch (Exception e) {
                plan.failed(e);
                continue;
            }
            GatewayResponse response = exchange.getVariable(Vars.RESPONSE, GatewayResponse.class);
            succeeded(plan, response);
            if (response != null) {
                return;
            }
        }
        throw plan.finalFailure();
    }

    /**
     * A started producer to the route of one declared model ({@code ModelCallRoutes}; never a name
     * the caller chose), kept for the gateway's life: a direct producer runs the route in this thread.
     */
    private Producer modelCall(Exchange exchange, ModelProperties model) {
        return modelCalls.computeIfAbsent(model.id(), id -> {
            try {
                Producer producer = exchange.getContext().getEndpoint("direct:model-call-" + id).createProducer();
                ServiceHelper.startService(producer);
                return producer;
            } catch (Exception e) {
                throw new IllegalStateException("no call route for model " + id, e);
            }
        });
    }

    private static void succeeded(AttemptPlan plan, GatewayResponse response) {
        if (response == null) {
            // the breaker let nothing through and said nothing: count it as not permitted
            plan.failed(new GatewayException(ErrorKind.MODEL_UNAVAILABLE, "circuit breaker open"));
            return;
        }
        plan.succeeded(response);
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
