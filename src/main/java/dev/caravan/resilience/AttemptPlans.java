package dev.caravan.resilience;

import dev.caravan.routing.RouteDecision;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Starts an {@link AttemptPlan} per request with the configured settings, the model breakers, the
 * system clock and a thread-local random source. From a Camel route:
 * {@code method: {ref: attemptPlans, method: "start(${variable.route})"}}.
 */
@Component
public class AttemptPlans {

    /** Draws from the calling thread's {@link ThreadLocalRandom}: a plan may move between threads. */
    static final RandomGenerator THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextLong();

    private final ResilienceProperties properties;
    private final BreakerRegistry breakers;
    private final Clock clock;

    @Autowired
    public AttemptPlans(ResilienceProperties properties, BreakerRegistry breakers) {
        this(properties, breakers, breakers.clock());
    }

    public AttemptPlans(ResilienceProperties properties, BreakerRegistry breakers, Clock clock) {
        this.properties = properties;
        this.breakers = breakers;
        this.clock = clock;
    }

    public AttemptPlan start(RouteDecision route) {
        return AttemptPlan.start(route, properties, breakers, clock, THREAD_LOCAL_RANDOM);
    }
}
