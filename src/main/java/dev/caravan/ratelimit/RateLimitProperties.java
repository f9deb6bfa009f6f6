package dev.caravan.ratelimit;

import dev.caravan.redis.RedisUrls;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code caravan.rate-limits}: how many requests and tokens pass per minute and per hour, counted
 * per scope ({@code global}, {@code tenant}, {@code key}, {@code user}, {@code provider}). Nothing
 * is limited by default; a request is counted at every scope that has a rule and refused if any of
 * them is spent.
 *
 * <p>A scope's rule applies to each name in it separately (every tenant gets its own 60 requests
 * per minute); {@code <scope>-overrides} change it for one name. An override inherits each field
 * it leaves out from the scope's rule, so {@code acme: {requests-per-minute: 600}} keeps the
 * scope's token limit; a limit cannot be lifted for one name, only raised. User names are
 * qualified by tenant ({@code "[acme/bob]"}, brackets because of the slash).
 *
 * @param failOpen          when Redis is unreachable: true (default) lets requests through,
 *                          counted per instance meanwhile; false refuses them
 * @param global            counted once for all callers together
 * @param tenant            per tenant
 * @param key               per virtual key
 * @param user              per user (within its tenant)
 * @param provider          per upstream provider, to stay under its own limits
 * @param tenantOverrides   per tenant name
 * @param keyOverrides      per key id
 * @param userOverrides     per {@code tenant/user}
 * @param providerOverrides per provider id
 * @param redis             where the counters live when shared
 */
@Validated
@ConfigurationProperties("caravan.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean failOpen,
        @Valid Rule global,
        @Valid Rule tenant,
        @Valid Rule key,
        @Valid Rule user,
        @Valid Rule provider,
        Map<String, @Valid Rule> tenantOverrides,
        Map<String, @Valid Rule> keyOverrides,
        Map<String, @Valid Rule> userOverrides,
        Map<String, @Valid Rule> providerOverrides,
        @Valid Redis redis) {

    private static final String PREFIX = "caravan.rate-limits.";

    public RateLimitProperties {
        global = checked("global", global);
        tenant = checked("tenant", tenant);
        key = checked("key", key);
        user = checked("user", user);
        provider = checked("provider", provider);
        tenantOverrides = merged("tenant-overrides", tenant, tenantOverrides);
        keyOverrides = merged("key-overrides", key, keyOverrides);
        userOverrides = merged("user-overrides", user, userOverrides);
        providerOverrides = merged("provider-overrides", provider, providerOverrides);
        redis = redis == null ? Redis.defaults() : redis;
    }

    /** Nothing limited, failing open, no Redis. */
    public static RateLimitProperties defaults() {
        return new RateLimitProperties(true, null, null, null, null, null, null, null, null, null, null);
    }

    /** The rule for one scope. */
    public Rule rule(LimitScope scope) {
        return switch (scope) {
            case GLOBAL -> global;
            case TENANT -> tenant;
            case KEY -> key;
            case USER -> user;
            case PROVIDER -> provider;
        };
    }

    /** The overrides of one scope, each already merged with the scope's rule. */
    public Map<String, Rule> overrides(LimitScope scope) {
        return switch (scope) {
            case GLOBAL -> Map.of();
            case TENANT -> tenantOverrides;
            case KEY -> keyOverrides;
            case USER -> userOverrides;
            case PROVIDER -> providerOverrides;
        };
    }

    /** Whether any rule limits anything. */
    public boolean limitsAnything() {
        for (LimitScope scope : LimitScope.values()) {
            if (!rule(scope).isEmpty() || overrides(scope).values().stream().anyMatch(r -> !r.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /**
     * One scope's limits; unset fields are not limited.
     *
     * @param requestsPerMinute steady rate of requests
     * @param requestsPerHour   requests per hour, refilled continuously (a second, longer window)
     * @param tokensPerMinute   tokens (prompt plus completion) per minute; a request is counted with
     *                          an estimate, corrected when the real usage is known
     * @param burst             requests allowed on top of {@code requests-per-minute} when the
     *                          bucket is full: a quiet caller may send rate + burst at once
     * @param tokenBurst        the same for {@code tokens-per-minute}
     */
    public record Rule(
            @Min(1) @Max(Limit.MAX_RATE) Long requestsPerMinute,
            @Min(1) @Max(Limit.MAX_RATE) Long requestsPerHour,
            @Min(1) @Max(Limit.MAX_RATE) Long tokensPerMinute,
            @Min(0) @Max(Limit.MAX_RATE) Long burst,
            @Min(0) @Max(Limit.MAX_RATE) Long tokenBurst) {

        private static final Rule NONE = new Rule(null, null, null, null, null);

        public static Rule none() {
            return NONE;
        }

        public boolean isEmpty() {
            return requestsPerMinute == null && requestsPerHour == null && tokensPerMinute == null;
        }

        /** This rule's fields, and {@code parent}'s where this one has none. */
        Rule inheritFrom(Rule parent) {
            return new Rule(
                    requestsPerMinute != null ? requestsPerMinute : parent.requestsPerMinute,
                    requestsPerHour != null ? requestsPerHour : parent.requestsPerHour,
                    tokensPerMinute != null ? tokensPerMinute : parent.tokensPerMinute,
                    burst != null ? burst : parent.burst,
                    tokenBurst != null ? tokenBurst : parent.tokenBurst);
        }
    }

    /**
     * {@code caravan.rate-limits.redis}: the shared counters.
     *
     * @param url           {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...};
     *                      blank (default): counted in each process, so N instances allow N times the limits
     * @param keyPrefix     prepended to every key (default {@code caravan:ratelimit:}); on a Redis
     *                      Cluster put a hash tag in it ({@code {caravan-rl}:}) so that one script
     *                      may touch all of a request's buckets
     * @param timeout       longest wait for Redis before failing open or closed (default 100ms)
     * @param retryInterval how long Redis is left alone after a failure before it is tried again (default 5s)
     */
    public record Redis(String url, String keyPrefix, Duration timeout, Duration retryInterval) {

        public static final String DEFAULT_KEY_PREFIX = "caravan:ratelimit:";
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
        public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(5);

        public Redis {
            url = RedisUrls.validated(PREFIX + "redis.url", url);
            keyPrefix = keyPrefix == null ? DEFAULT_KEY_PREFIX : keyPrefix;
            timeout = positive("redis.timeout", timeout, DEFAULT_TIMEOUT);
            retryInterval = positive("redis.retry-interval", retryInterval, DEFAULT_RETRY_INTERVAL);
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

    private static Rule checked(String name, Rule rule) {
        Rule r = rule == null ? Rule.none() : rule;
        if (r.burst() != null && r.burst() > 0 && r.requestsPerMinute() == null) {
            throw new IllegalArgumentException(PREFIX + name + ".burst needs " + PREFIX + name + ".requests-per-minute");
        }
        if (r.tokenBurst() != null && r.tokenBurst() > 0 && r.tokensPerMinute() == null) {
            throw new IllegalArgumentException(PREFIX + name + ".token-burst needs " + PREFIX + name + ".tokens-per-minute");
        }
        return r;
    }

    private static Map<String, Rule> merged(String name, Rule parent, Map<String, Rule> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return Map.of();
        }
        Map<String, Rule> merged = new LinkedHashMap<>();
        overrides.forEach((id, rule) -> merged.put(id,
                checked(name + "." + id, (rule == null ? Rule.none() : rule).inheritFrom(parent))));
        return Map.copyOf(merged);
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be positive: " + value);
        }
        return value;
    }
}
