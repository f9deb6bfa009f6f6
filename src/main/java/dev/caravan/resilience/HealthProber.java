package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;
import dev.caravan.routing.ModelCatalog;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings models back by themselves: when a model's breaker lets trial calls through (half-open),
 * the prober sends it tiny requests through the {@link ModelProbe}, inside the breaker, so that
 * successes close it and a failure opens it again, without waiting for a user's request to take
 * the risk.
 *
 * <p>A probe runs at once when a breaker turns half-open (the breakers switch automatically when
 * {@code waitInOpenState} is over), and every {@code caravan.resilience.probe-interval} a sweep
 * probes every model whose breaker is half-open, or still open although its wait is over. Each
 * probe makes up to {@code permittedCallsInHalfOpen} calls, enough to decide the breaker. All of
 * it runs on one daemon thread ({@code caravan-prober}). Without a {@link ModelProbe} bean the
 * prober does nothing.
 */
@Component
public class HealthProber implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HealthProber.class);

    private final Duration interval;
    private final BreakerRegistry breakers;
    private final Supplier<? extends Collection<ModelProperties>> models;
    private final ModelProbe probe;
    private final Set<String> warnedRejected = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService executor;
    private volatile boolean running;

    @Autowired
    public HealthProber(ResilienceProperties properties, BreakerRegistry breakers, ModelCatalog catalog,
            ObjectProvider<ModelProbe> probe) {
        this(properties.probeInterval(), breakers, catalog::enabled, probe.getIfAvailable());
    }

    /**
     * @param models the models a sweep looks at
     * @param probe  null to do nothing
     */
    public HealthProber(Duration interval, BreakerRegistry breakers, Supplier<? extends Collection<ModelProperties>> models,
            ModelProbe probe) {
        this.interval = interval;
        this.breakers = breakers;
        this.models = models;
        this.probe = probe;
        if (probe != null) {
            breakers.onStateTransition((entry, transition) -> {
                if (transition.getToState() == CircuitBreaker.State.HALF_OPEN) {
                    submit(entry.model());
                }
            });
        }
    }

    /** Whether a {@link ModelProbe} exists. */
    public boolean enabled() {
        return probe != null;
    }

    /**
     * One sweep over the models: probes each whose breaker is half-open, or open with its wait over.
     *
     * @return the probe calls made
     */
    public int probeAll() {
        if (probe == null) {
            return 0;
        }
        int calls = 0;
        for (ModelProperties model : models.get()) {
            calls += probe(model);
        }
        return calls;
    }

    /**
     * Probes one model if its breaker is half-open (or open with its wait over, which is then ended):
     * up to {@code permittedCallsInHalfOpen} calls through the breaker, while it stays half-open and
     * permits them.
     *
     * @return the probe calls made
     */
    public int probe(ModelProperties model) {
        if (probe == null) {
            return 0;
        }
        BreakerRegistry.Entry entry = breakers.entry(model);
        CircuitBreaker breaker = entry.breaker();
        if (breaker.getState() == CircuitBreaker.State.OPEN && breakers.openRemainingMillis(model.id()) <= 0) {
            breaker.transitionToHalfOpenState();
        }
        int calls = 0;
        for (int i = 0; i < entry.settings().permittedCallsInHalfOpen(); i++) {
            if (breaker.getState() != CircuitBreaker.State.HALF_OPEN) {
                break;
            }
            try {
                breaker.executeCallable(() -> {
                    if (!probe.probe(model)) {
                        throw new ProbeFailedException(model.id());
                    }
                    return Boolean.TRUE;
                });
                calls++;
            } catch (CallNotPermittedException e) {
                break;
            } catch (Exception e) {
                calls++;
                failed(model, e);
            }
        }
        if (calls > 0) {
            log.debug("Probed model {} {} time(s): breaker {}", model.id(), calls, breaker.getState());
        }
        return calls;
    }

    private void failed(ModelProperties model, Exception e) {
        if (Faults.isProviderFault(e)) {
            log.debug("Probe of model {} failed: {}", model.id(), Faults.kindOf(e).code());
        } else if (warnedRejected.add(model.id())) {
            log.warn("Probe of model {} was refused as a caller error ({}): the probe request needs fixing; "
                    + "its breaker ignores the result", model.id(), Faults.kindOf(e).code());
        }
    }

    private void submit(ModelProperties model) {
        ScheduledExecutorService ex = executor;
        if (ex == null || !running) {
            return;
        }
        try {
            ex.execute(() -> safely(() -> probe(model)));
        } catch (RejectedExecutionException e) {
            log.debug("Prober stopped; model {} not probed", model.id());
        }
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Health probe failed unexpectedly", e);
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (probe == null) {
            log.info("No ModelProbe bean: models with an open circuit breaker recover through traffic only");
            return;
        }
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "caravan-prober");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        ex.scheduleWithFixedDelay(() -> safely(this::probeAll), millis, millis, TimeUnit.MILLISECONDS);
        executor = ex;
    }

    @Override
    public synchronized void stop() {
        running = false;
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex != null) {
            ex.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A probe that answered "not healthy": counts against the breaker like a provider error. */
    static final class ProbeFailedException extends RuntimeException {
        ProbeFailedException(String modelId) {
            super("probe of model " + modelId + " failed", null, false, false);
        }
    }
}
