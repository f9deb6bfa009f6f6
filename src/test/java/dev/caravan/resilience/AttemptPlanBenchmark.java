package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.routing.RouteDecision;
import dev.caravan.routing.TestModels;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The resilience bookkeeping a request pays on the happy path (target: well under 50 µs):
 * {@code start} + {@code hasNext} + {@code next} + breaker permission and success +
 * {@code succeeded} + {@code summary}, over a route of 4 candidates. {@code fallbackOnce} adds one
 * failed call (provider error, no retry) before the next candidate answers.
 *
 * <pre>
 * JMH_ARGS="-f 1 -wi 2 -i 3 -w 1 -r 1" bench/jmh.sh AttemptPlanBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AttemptPlanBenchmark {

    private ResilienceProperties properties;
    private BreakerRegistry breakers;
    private RouteDecision route;
    private GatewayResponse response;
    private RuntimeException failure;
    private RouteDecision reversed;
    private boolean flip;
    private final Clock clock = Clock.systemUTC();

    @Setup
    public void setUp() {
        List<ModelProperties> models = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            models.add(TestModels.model("model-" + i).build());
        }
        // fallbackOnce alternates two routes, so each model fails half its calls: below this threshold
        breakers = new BreakerRegistry(Fixtures.props("defaults.failure-rate-threshold=100",
                "defaults.max-retries=0"), models, null, clock);
        properties = breakers.properties();
        route = new RouteDecision(models, "benchmark");
        reversed = new RouteDecision(List.of(models.get(1), models.get(0), models.get(2), models.get(3)), "benchmark");
        response = new GatewayResponse("req", "simulator", "model-0", "hi", "stop", null, null, 0, 1, 0);
        failure = new RuntimeException(new dev.caravan.gateway.GatewayException(
                dev.caravan.gateway.ErrorKind.PROVIDER_ERROR, "boom"));
    }

    @Benchmark
    public String happyPath() {
        AttemptPlan plan = AttemptPlan.start(route, properties, breakers, clock, AttemptPlans.THREAD_LOCAL_RANDOM);
        String summary = null;
        while (plan.hasNext()) {
            ModelProperties model = plan.next();
            CircuitBreaker breaker = breakers.forModel(model);
            breaker.acquirePermission();
            long start = System.nanoTime();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            plan.succeeded(response);
            summary = plan.summary();
        }
        return summary;
    }

    @Benchmark
    public String fallbackOnce() {
        flip = !flip;
        AttemptPlan plan = AttemptPlan.start(flip ? route : reversed, properties, breakers, clock,
                AttemptPlans.THREAD_LOCAL_RANDOM);
        boolean failFirst = true;
        while (plan.hasNext()) {
            ModelProperties model = plan.next();
            CircuitBreaker breaker = breakers.forModel(model);
            breaker.acquirePermission();
            if (failFirst) {
                failFirst = false;
                breaker.onError(1000, TimeUnit.NANOSECONDS, failure);
                plan.failed(failure);
            } else {
                breaker.onSuccess(1000, TimeUnit.NANOSECONDS);
                plan.succeeded(response);
            }
        }
        return plan.summary();
    }
}
