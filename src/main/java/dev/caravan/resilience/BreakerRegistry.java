package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;
import dev.caravan.routing.ModelCatalog;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j {@link CircuitBreaker} per model (named by the model id), configured from the
 * model's provider settings ({@link ResilienceProperties#forProvider}). Breakers of the catalog's
 * enabled models exist from the start; others are created on first use.
 *
 * <p>Only provider faults count ({@link Faults#isProviderFault}): provider errors, timeouts, rate
 * limits, rejected credentials and unrecognised exceptions (connect failures). Caller errors are
 * ignored: they neither fail nor succeed the call. Slow calls are not judged (long streams are normal).
 *
 * <p>Metrics, when a {@link MeterRegistry} exists: {@code caravan.breaker.state} (0 closed,
 * 1 half-open, 2 open), {@code caravan.breaker.failure.rate} (percent, NaN until the window holds
 * the minimum number of calls), both tagged with {@code model} and {@code provider}.
 */
@Component
public class BreakerRegistry {

    private static final Logger log = LoggerFactory.getLogger(BreakerRegistry.class);

    /** Camel registry names are {@code breaker-<modelId>}. */
    public static final String BEAN_PREFIX = "breaker-";

    /** Effectively never: slow calls are not judged (the breaker's default would open on 100 % slow calls). */
    private static final Duration SLOW_CALLS_OFF = Duration.ofDays(365);

    private final ResilienceProperties properties;
    private final CircuitBreakerRegistry registry;
    private final Function<String, Optional<ModelProperties>> lookup;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<Entry> ordered = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, CircuitBreakerConfig> configs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> openedAtMillis = new ConcurrentHashMap<>();
    private final List<BiConsumer<Entry, CircuitBreaker.StateTransition>> listeners = new CopyOnWriteArrayList<>();

    /**
     * A model's breaker with the settings it was built from.
     *
     * @param model    the model
     * @param breaker  its breaker
     * @param settings the effective settings of the model's provider
     */
    public record Entry(ModelProperties model, CircuitBreaker breaker, ResilienceProperties.Settings settings) {
    }

    @Autowired
    public BreakerRegistry(ResilienceProperties properties, ModelCatalog catalog, ObjectProvider<MeterRegistry> meters) {
        this(properties, catalog.enabled(), id -> catalog.find(id).map(ModelCatalog.CatalogEntry::model),
                meters.getIfAvailable(), Clock.systemUTC());
    }

    /**
     * @param models breakers created at once, in this order
     * @param meters where gauges go; null for none
     * @param clock  the breakers' clock (open-state wait) and the one {@link #openRemainingMillis} reads
     */
    public BreakerRegistry(ResilienceProperties properties, Collection<ModelProperties> models, MeterRegistry meters,
            Clock clock) {
        this(properties, models, id -> Optional.empty(), meters, clock);
    }

    private BreakerRegistry(ResilienceProperties properties, Collection<ModelProperties> models,
            Function<String, Optional<ModelProperties>> lookup, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.registry = CircuitBreakerRegistry.of(config(properties.forProvider(null)));
        Map<String, ModelProperties> known = new LinkedHashMap<>();
        for (ModelProperties model : models) {
            known.put(model.id(), model);
        }
        this.lookup = id -> known.containsKey(id) ? Optional.of(known.get(id)) : lookup.apply(id);
        known.values().forEach(this::forModel);
    }

    /** The model's breaker, created from its provider's settings on first use. */
    public CircuitBreaker forModel(ModelProperties model) {
        return entry(model).breaker();
    }

    /**
     * The breaker of a model by id.
     *
     * @throws IllegalArgumentException when the model is not known (not in the catalog and never used)
     */
    public CircuitBreaker forModel(String modelId) {
        Entry e = entries.get(modelId);
        if (e != null) {
            return e.breaker();
        }
        return lookup.apply(modelId).map(this::forModel)
                .orElseThrow(() -> new IllegalArgumentException("No model '" + modelId + "' is known"));
    }

    /** The model's entry, creating its breaker on first use. */
    public Entry entry(ModelProperties model) {
        Entry e = entries.get(model.id());
        return e != null ? e : entries.computeIfAbsent(model.id(), id -> create(model));
    }

    /** The entry of a model whose breaker exists, or null (never creates one: cheap for health checks). */
    public Entry existing(String modelId) {
        return entries.get(modelId);
    }

    /** The breaker of a model, if it exists. */
    public Optional<CircuitBreaker> find(String modelId) {
        Entry e = entries.get(modelId);
        return e == null ? Optional.empty() : Optional.of(e.breaker());
    }

    /** Every breaker by model id, catalog order first, then in order of creation. */
    public Map<String, CircuitBreaker> all() {
        Map<String, CircuitBreaker> all = new LinkedHashMap<>();
        for (Entry e : ordered) {
            all.put(e.model().id(), e.breaker());
        }
        return all;
    }

    /** Every entry, in the order of {@link #all()}. */
    public List<Entry> entries() {
        return List.copyOf(ordered);
    }

    /** The name a model's breaker is bound under in Camel's registry: {@code breaker-<modelId>}. */
    public static String beanName(String modelId) {
        return BEAN_PREFIX + modelId;
    }

    /**
     * Every breaker by its Camel registry name, for binding:
     * {@code breakers.beans().forEach(camelContext.getRegistry()::bind)}.
     */
    public Map<String, CircuitBreaker> beans() {
        Map<String, CircuitBreaker> beans = new LinkedHashMap<>();
        for (Entry e : ordered) {
            beans.put(beanName(e.model().id()), e.breaker());
        }
        return beans;
    }

    /** The breakers as {@code GET /api/circuit-breakers} shows them. */
    public List<BreakerView> views() {
        return ordered.stream().map(BreakerRegistry::view).toList();
    }

    /**
     * Milliseconds until an open breaker lets trial calls through (0 or less when the wait is
     * over), or {@link Long#MAX_VALUE} when the breaker is not {@code OPEN}.
     */
    public long openRemainingMillis(String modelId) {
        Entry e = entries.get(modelId);
        if (e == null || e.breaker().getState() != CircuitBreaker.State.OPEN) {
            return Long.MAX_VALUE;
        }
        Long openedAt = openedAtMillis.get(modelId);
        long since = openedAt == null ? 0 : clock.millis() - openedAt;
        return e.settings().waitInOpenState().toMillis() - since;
    }

    /** Called on every state change of every breaker (on the thread that caused it; keep it short). */
    public void onStateTransition(BiConsumer<Entry, CircuitBreaker.StateTransition> listener) {
        listeners.add(listener);
    }

    public Clock clock() {
        return clock;
    }

    public ResilienceProperties properties() {
        return properties;
    }

    /** Failure rate in percent; -1 while the window holds fewer than the minimum number of calls. */
    public static float failureRate(CircuitBreaker breaker) {
        return breaker.getMetrics().getFailureRate();
    }

    /** 0 closed (and disabled / metrics-only), 1 half-open, 2 open or forced open. */
    public static int stateValue(CircuitBreaker.State state) {
        return switch (state) {
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
            default -> 0;
        };
    }

    private Entry create(ModelProperties model) {
        String provider = model.provider().id();
        ResilienceProperties.Settings settings = properties.forProvider(provider);
        CircuitBreakerConfig config = configs.computeIfAbsent(provider, p -> config(settings));
        CircuitBreaker breaker = registry.circuitBreaker(model.id(), config);
        Entry entry = new Entry(model, breaker, settings);
        breaker.getEventPublisher().onStateTransition(event -> transitioned(entry, event));
        if (meters != null) {
            registerMeters(entry);
        }
        ordered.add(entry);
        return entry;
    }

    private CircuitBreakerConfig config(ResilienceProperties.Settings s) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold((float) s.failureRateThreshold())
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.slidingWindowSize())
                .minimumNumberOfCalls(s.minimumNumberOfCalls())
                .waitDurationInOpenState(s.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(s.permittedCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(SLOW_CALLS_OFF)
                .recordException(Faults::isProviderFault)
                .ignoreException(error -> !Faults.isProviderFault(error))
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }

    private void transitioned(Entry entry, CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.StateTransition transition = event.getStateTransition();
        String id = entry.model().id();
        if (transition.getToState() == CircuitBreaker.State.OPEN) {
            openedAtMillis.put(id, clock.millis());
            float rate = failureRate(entry.breaker());
            log.warn("Circuit breaker of model {} opened ({} -> {}{})", id, transition.getFromState(),
                    transition.getToState(), rate < 0 ? "" : ", failure rate " + rate + "%");
        } else {
            log.info("Circuit breaker of model {}: {} -> {}", id, transition.getFromState(), transition.getToState());
        }
        for (BiConsumer<Entry, CircuitBreaker.StateTransition> listener : listeners) {
            try {
                listener.accept(entry, transition);
            } catch (RuntimeException e) {
                log.warn("A circuit breaker listener failed", e);
            }
        }
    }

    private void registerMeters(Entry entry) {
        String model = entry.model().id();
        String provider = entry.model().provider().id();
        CircuitBreaker breaker = entry.breaker();
        Gauge.builder("caravan.breaker.state", breaker, b -> stateValue(b.getState()))
                .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                .tag("model", model).tag("provider", provider)
                .strongReference(true)
                .register(meters);
        Gauge.builder("caravan.breaker.failure.rate", breaker, b -> {
                    float rate = failureRate(b);
                    return rate < 0 ? Double.NaN : rate;
                })
                .description("Failed calls in the breaker's window, percent")
                .baseUnit("percent")
                .tag("model", model).tag("provider", provider)
                .strongReference(true)
                .register(meters);
    }

    private static BreakerView view(Entry e) {
        CircuitBreaker b = e.breaker();
        CircuitBreaker.Metrics m = b.getMetrics();
        float rate = m.getFailureRate();
        return new BreakerView(e.model().id(), e.model().provider().id(),
                b.getState().name().toLowerCase(Locale.ROOT),
                rate < 0 ? null : rate,
                (float) e.settings().failureRateThreshold(),
                m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(), m.getNumberOfNotPermittedCalls());
    }
}
