package dev.caravan.ratelimit;

import dev.caravan.redis.SharedRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bean {@code rateLimiter}: in this process when nothing is limited or no Redis URL is set;
 * otherwise Redis behind a {@link FailoverRateLimiter}. Redis is not contacted at start-up (the
 * connection is made on the first check), so the gateway starts while Redis is down.
 *
 * <p>The Redis connection is the rate limiter's own {@link SharedRedisConnection}, not a bean: the
 * cache's connection bean is injected by type, and its timeout is set for the cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    @Bean
    RateLimitRules rateLimitRules(RateLimitProperties properties) {
        return new RateLimitRules(properties);
    }

    @Bean
    RateLimiter rateLimiter(RateLimitProperties properties, RateLimitRules rules, ObjectProvider<MeterRegistry> meters) {
        InMemoryRateLimiter local = new InMemoryRateLimiter(rules, Clock.systemUTC());
        RateLimitProperties.Redis redis = properties.redis();
        if (!rules.limitsAnything()) {
            log.info("Rate limits: none configured (caravan.rate-limits)");
            return local;
        }
        if (!redis.configured()) {
            log.info("Rate limits: counted in this process; set CARAVAN_RATE_LIMITS_REDIS_URL to share them"
                    + " between instances");
            return local;
        }
        SharedRedisConnection connection = new SharedRedisConnection(redis.url(), redis.timeout(), redis.retryInterval());
        connection.connectInBackground();
        log.info("Rate limits: shared in Redis at {} (key prefix '{}', timeout {}); while it is unreachable {}",
                connection.url(), redis.keyPrefix(), Decision.formatDuration(redis.timeout()),
                properties.failOpen() ? "counted per instance (fail-open)" : "requests are refused (fail-open: false)");
        return new FailoverRateLimiter(new RedisRateLimiter(connection, redis.keyPrefix(), rules), local,
                properties.failOpen(), redis.retryInterval(), Clock.systemUTC(), connection.url(),
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
