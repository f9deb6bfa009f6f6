package dev.caravan.cache;

import dev.caravan.redis.RedisUrls;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code caravan.cache}: the response cache. Every value has a default, so a single instance
 * caches in-process with nothing configured; {@code redis.url} makes the cache shared.
 *
 * @param enabled               whether answers are cached at all (default true)
 * @param ttl                   how long an answer is reused (default 1h)
 * @param ttlPerModel           per model id, replaces {@code ttl}
 * @param ttlPerTask            per task, replaces {@code ttl}
 * @param scopePerUser          whether users of one tenant each get their own entries (default false: shared per tenant)
 * @param cacheNonDeterministic whether answers of requests sampled with temperature &gt; 0 are cached (default false)
 * @param maxEntries            answers the in-process cache holds (default 10,000); also bounds the
 *                              in-process semantic index's vectors
 */
@Validated
@ConfigurationProperties(prefix = "caravan.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        Duration ttl,
        Map<String, Duration> ttlPerModel,
        Map<String, Duration> ttlPerTask,
        boolean scopePerUser,
        boolean cacheNonDeterministic,
        @DefaultValue("10000") @Min(1) int maxEntries,
        @Valid Semantic semantic,
        @Valid Redis redis) {

    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    public CacheProperties {
        ttl = positive("caravan.cache.ttl", ttl, DEFAULT_TTL);
        ttlPerModel = positiveValues("caravan.cache.ttl-per-model", ttlPerModel);
        ttlPerTask = positiveValues("caravan.cache.ttl-per-task", ttlPerTask);
        semantic = semantic == null ? Semantic.defaults() : semantic;
        redis = redis == null ? Redis.defaults() : redis;
    }

    /** Everything at its default: enabled, 1h, shared per tenant, in-process. */
    public static CacheProperties defaults() {
        return new CacheProperties(true, null, null, null, false, false, DEFAULT_MAX_ENTRIES, null, null);
    }

    /**
     * {@code caravan.cache.semantic}: reuse of answers to prompts that mean the same.
     *
     * @param enabled           default true
     * @param threshold         least cosine similarity for a stored prompt to count as the same (default 0.95)
     * @param thresholdPerModel per model id, replaces {@code threshold}
     * @param thresholdPerTask  per task, replaces {@code threshold}
     * @param maxPerPartition   prompts kept per partition; beyond it expired, then oldest, are dropped (default 2000)
     * @param candidates        nearest prompts checked per lookup (default 5)
     * @param guard             how much rewording a hit may have (default {@code strict}, see {@link SemanticGuard.Strictness})
     */
    public record Semantic(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("0.95") @DecimalMin("0.0") @DecimalMax("1.0") double threshold,
            Map<String, @DecimalMin("0.0") @DecimalMax("1.0") Double> thresholdPerModel,
            Map<String, @DecimalMin("0.0") @DecimalMax("1.0") Double> thresholdPerTask,
            @DefaultValue("2000") @Min(1) int maxPerPartition,
            @DefaultValue("5") @Min(1) int candidates,
            @DefaultValue("strict") SemanticGuard.Strictness guard) {

        public Semantic {
            thresholdPerModel = thresholdPerModel == null ? Map.of() : Map.copyOf(thresholdPerModel);
            thresholdPerTask = thresholdPerTask == null ? Map.of() : Map.copyOf(thresholdPerTask);
            guard = guard == null ? SemanticGuard.Strictness.STRICT : guard;
        }

        public static Semantic defaults() {
            return new Semantic(false, 0.95, null, null, InMemorySemanticIndex.DEFAULT_MAX_PER_PARTITION, 5,
                    SemanticGuard.Strictness.STRICT);
        }
    }

    /**
     * {@code caravan.cache.redis}: the shared cache.
     *
     * @param url           {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...};
     *                      blank (default): no Redis, the cache lives in each process
     * @param keyPrefix     prepended to every key (default {@code caravan:cache:})
     * @param timeout       longest wait for a Redis reply before the cache answers from this process (default 250ms)
     * @param retryInterval how often an unreachable Redis is tried again (default 5s)
     */
    public record Redis(String url, String keyPrefix, Duration timeout, Duration retryInterval) {

        public static final String DEFAULT_KEY_PREFIX = "caravan:cache:";
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);
        public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(5);

        public Redis {
            url = RedisUrls.validated("caravan.cache.redis.url", url);
            keyPrefix = keyPrefix == null ? DEFAULT_KEY_PREFIX : keyPrefix;
            timeout = positive("caravan.cache.redis.timeout", timeout, DEFAULT_TIMEOUT);
            retryInterval = positive("caravan.cache.redis.retry-interval", retryInterval, DEFAULT_RETRY_INTERVAL);
        }

        public static Redis defaults() {
            return new Redis(null, null, null, null);
        }

        public boolean configured() {
            return !url.isEmpty();
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return RedisUrls.describe(url, keyPrefix, timeout, retryInterval);
        }
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    private static Map<String, Duration> positiveValues(String name, Map<String, Duration> values) {
        if (values == null) {
            return Map.of();
        }
        values.forEach((key, value) -> positive(name + "." + key, value == null ? Duration.ZERO : value, null));
        return Map.copyOf(values);
    }
}
