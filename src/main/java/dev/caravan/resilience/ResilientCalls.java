package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs an {@link AttemptPlan} to its end: for each attempt, waits the back-off, takes a permission
 * from the model's breaker, calls, and reports the outcome to both. Use it where the call is a
 * plain Java call (a bean method in a route), as an alternative to the Camel Resilience4j EIP:
 * <pre>{@code
 * AttemptPlan plan = attemptPlans.start(route);
 * GatewayResponse response = resilientCalls.execute(plan, model -> chatInvoker.call(request, model));
 * }</pre>
 * Blocks the calling thread during back-offs (at most {@code maxBackoff}, or {@code maxRetryAfter}
 * for a short 429).
 */
@Component
public class ResilientCalls {

    /** One call to one model. */
    @FunctionalInterface
    public interface ModelCall {
        GatewayResponse call(ModelProperties model);
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final BreakerRegistry breakers;
    private final Sleeper sleeper;

    @Autowired
    public ResilientCalls(BreakerRegistry breakers) {
        this(breakers, Thread::sleep);
    }

    public ResilientCalls(BreakerRegistry breakers, Sleeper sleeper) {
        this.breakers = breakers;
        this.sleeper = sleeper;
    }

    /**
     * The first answer any attempt of the plan gets.
     *
     * @throws GatewayException the plan's {@link AttemptPlan#finalFailure()} when no attempt answered
     */
    public GatewayResponse execute(AttemptPlan plan, ModelCall call) {
        while (plan.hasNext()) {
            ModelProperties model = plan.next();
            pause(plan, plan.backoffMillis());
            CircuitBreaker breaker = breakers.forModel(model);
            try {
                breaker.acquirePermission();
            } catch (CallNotPermittedException refused) {
                plan.failed(refused);
                continue;
            }
            long start = System.nanoTime();
            GatewayResponse response;
            try {
                response = call.call(model);
            } catch (RuntimeException e) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                plan.failed(e);
                continue;
            }
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            plan.succeeded(response);
            return response;
        }
        throw plan.finalFailure();
    }

    private void pause(AttemptPlan plan, long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            GatewayException stopped = new GatewayException(ErrorKind.MODEL_UNAVAILABLE,
                    "Interrupted while waiting to retry: " + plan.summary());
            plan.failed(stopped);
            throw stopped;
        }
    }
}
