package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code caravan.resilience}: circuit breakers, retries, fallback bounds and timeouts. The
 * {@code defaults} block overrides the built-in values ({@link Settings#BUILT_IN}); each entry of
 * {@code providers} (keyed by provider id: {@code simulator}, {@code openai}, {@code anthropic} ...)
 * overrides any field again for that provider's models. Fields left unset inherit.
 *
 * <p>Breaker, retry and timeout values are taken from the provider of the model being called;
 * the per-request bounds ({@code maxAttempts}, {@code deadline}) from the provider of the
 * route's primary model.
 *
 * @param defaults      overrides of the built-in values for every provider
 * @param providers     per provider id, overrides of the resolved defaults
 * @param probeInterval how often the {@link HealthProber} looks for breakers to probe; default 5s
 */
@Validated
@ConfigurationProperties(prefix = "caravan.resilience")
public record ResilienceProperties(
        @Valid Overrides defaults,
        Map<String, @Valid Overrides> providers,
        Duration probeInterval) {

    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

    public ResilienceProperties {
        defaults = defaults == null ? Overrides.NONE : defaults;
        Settings resolvedDefaults = resolve("caravan.resilience.defaults", Settings.BUILT_IN, defaults);
        Map<String, Overrides> normalised = new LinkedHashMap<>();
        if (providers != null) {
            for (Map.Entry<String, Overrides> e : providers.entrySet()) {
                String id = e.getKey() == null ? "" : e.getKey().trim().toLowerCase(Locale.ROOT);
                if (!isProvider(id)) {
                    throw new IllegalArgumentException("caravan.resilience.providers: '" + e.getKey()
                            + "' is not a provider; use one of " + providerIds());
                }
                Overrides o = e.getValue() == null ? Overrides.NONE : e.getValue();
                resolve("caravan.resilience.providers." + id, resolvedDefaults, o);
                normalised.put(id, o);
            }
        }
        providers = Map.copyOf(normalised);
        probeInterval = probeInterval == null || probeInterval.isNegative() || probeInterval.isZero()
                ? DEFAULT_PROBE_INTERVAL : probeInterval;
    }

    /** Everything at its built-in value. */
    public static ResilienceProperties builtIn() {
        return new ResilienceProperties(null, null, null);
    }

    /** The effective values for a provider id ({@code openai}); the defaults for null or an unknown id. */
    public Settings forProvider(String providerId) {
        Settings base = defaults.applyTo(Settings.BUILT_IN);
        if (providerId == null) {
            return base;
        }
        Overrides o = providers.get(providerId);
        if (o == null) {
            o = providers.get(providerId.toLowerCase(Locale.ROOT));
        }
        return o == null ? base : o.applyTo(base);
    }

    /** The effective values for a model's provider. */
    public Settings forModel(ModelProperties model) {
        return forProvider(model.provider().id());
    }

    private static Settings resolve(String path, Settings base, Overrides overrides) {
        try {
            return overrides.applyTo(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }

    private static boolean isProvider(String id) {
        return Arrays.stream(ProviderType.values()).anyMatch(p -> p.id().equals(id));
    }

    private static String providerIds() {
        return Arrays.stream(ProviderType.values()).map(ProviderType::id).collect(Collectors.joining(", "));
    }

    /**
     * One block of optional values, as written in YAML; null means "inherit". See {@link Settings}
     * for what each field means.
     */
    public record Overrides(
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") Double failureRateThreshold,
            @Min(1) Integer slidingWindowSize,
            @Min(1) Integer minimumNumberOfCalls,
            Duration waitInOpenState,
            @Min(1) Integer permittedCallsInHalfOpen,
            @Min(0) Integer maxRetries,
            Duration initialBackoff,
            Duration maxBackoff,
            @DecimalMin("1.0") Double backoffMultiplier,
            @DecimalMin("0.0") @DecimalMax("1.0") Double jitter,
            Duration maxRetryAfter,
            @Min(1) Integer maxAttempts,
            Duration deadline,
            Duration connectTimeout,
            Duration firstTokenTimeout,
            Duration totalTimeout) {

        /** Nothing overridden. */
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);

        /** {@code base} with every field set here replacing the base's. */
        public Settings applyTo(Settings base) {
            return new Settings(
                    or(failureRateThreshold, base.failureRateThreshold()),
                    or(slidingWindowSize, base.slidingWindowSize()),
                    or(minimumNumberOfCalls, base.minimumNumberOfCalls()),
                    or(waitInOpenState, base.waitInOpenState()),
                    or(permittedCallsInHalfOpen, base.permittedCallsInHalfOpen()),
                    or(maxRetries, base.maxRetries()),
                    or(initialBackoff, base.initialBackoff()),
                    or(maxBackoff, base.maxBackoff()),
                    or(backoffMultiplier, base.backoffMultiplier()),
                    or(jitter, base.jitter()),
                    or(maxRetryAfter, base.maxRetryAfter()),
                    or(maxAttempts, base.maxAttempts()),
                    or(deadline, base.deadline()),
                    or(connectTimeout, base.connectTimeout()),
                    or(firstTokenTimeout, base.firstTokenTimeout()),
                    or(totalTimeout, base.totalTimeout()));
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }

    /**
     * The effective values for one provider.
     *
     * @param failureRateThreshold     percent of failed calls in the window that opens the breaker
     * @param slidingWindowSize        calls in the (count-based) window the failure rate is computed over
     * @param minimumNumberOfCalls     calls needed in the window before the rate counts
     * @param waitInOpenState          how long an open breaker refuses calls before it lets trial calls through
     * @param permittedCallsInHalfOpen trial calls in half-open; their failure rate decides open or closed
     * @param maxRetries               retries on the same model for a transient failure (timeout, 5xx,
     *                                 connect failure, short 429)
     * @param initialBackoff           wait before the first retry
     * @param maxBackoff               longest wait before a retry, jitter included
     * @param backoffMultiplier        growth of the wait per retry
     * @param jitter                   random spread of each wait: 0.5 = ±50 %
     * @param maxRetryAfter            a 429 asking to wait at most this long is waited out on the same model;
     *                                 a longer (or unknown) wait moves on to the next candidate
     * @param maxAttempts              calls per request, retries and fallbacks included
     * @param deadline                 no attempt starts after this much time since the request's plan started
     * @param connectTimeout           TCP/TLS connect timeout of the provider client
     * @param firstTokenTimeout        streaming: longest wait for the first token
     * @param totalTimeout             longest call (non-streaming answer, or a whole stream)
     */
    public record Settings(
            double failureRateThreshold,
            int slidingWindowSize,
            int minimumNumberOfCalls,
            Duration waitInOpenState,
            int permittedCallsInHalfOpen,
            int maxRetries,
            Duration initialBackoff,
            Duration maxBackoff,
            double backoffMultiplier,
            double jitter,
            Duration maxRetryAfter,
            int maxAttempts,
            Duration deadline,
            Duration connectTimeout,
            Duration firstTokenTimeout,
            Duration totalTimeout) {

        public static final Settings BUILT_IN = new Settings(
                50, 20, 5, Duration.ofSeconds(10), 2,
                1, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.5,
                Duration.ofSeconds(2),
                4, Duration.ofSeconds(90),
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60));

        public Settings {
            check(failureRateThreshold > 0 && failureRateThreshold <= 100, "failure-rate-threshold must be in (0, 100]");
            check(slidingWindowSize >= 1, "sliding-window-size must be at least 1");
            check(minimumNumberOfCalls >= 1, "minimum-number-of-calls must be at least 1");
            check(positive(waitInOpenState), "wait-in-open-state must be positive");
            check(permittedCallsInHalfOpen >= 1, "permitted-calls-in-half-open must be at least 1");
            check(maxRetries >= 0, "max-retries must not be negative");
            check(notNegative(initialBackoff), "initial-backoff must not be negative");
            check(notNegative(maxBackoff) && maxBackoff.compareTo(initialBackoff) >= 0,
                    "max-backoff must not be shorter than initial-backoff");
            check(backoffMultiplier >= 1.0, "backoff-multiplier must be at least 1.0");
            check(jitter >= 0 && jitter <= 1, "jitter must be in [0, 1]");
            check(notNegative(maxRetryAfter), "max-retry-after must not be negative");
            check(maxAttempts >= 1, "max-attempts must be at least 1");
            check(positive(deadline), "deadline must be positive");
            check(positive(connectTimeout), "connect-timeout must be positive");
            check(positive(firstTokenTimeout), "first-token-timeout must be positive");
            check(positive(totalTimeout), "total-timeout must be positive");
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }

        private static boolean notNegative(Duration d) {
            return d != null && !d.isNegative();
        }
    }
}
