package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The cache's stores, beans {@code responseCache} ({@link ResponseCache}) and
 * {@code semanticIndex} ({@link SemanticIndex}): in-process (Caffeine) unless
 * {@code caravan.cache.redis.url} is set, then Redis with the in-process stores standing in while
 * Redis is unreachable. Redis being down at start-up does not stop the gateway: it starts
 * degraded and moves to Redis when Redis answers.
 *
 * <p>The choice is made here, once, from the raw property (not from a bound
 * {@link CacheProperties}, which conditions cannot see); {@code enabled: false} keeps the
 * gateway off Redis entirely.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
public class CacheConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    @Conditional(RedisNotConfigured.class)
    static class InProcess {

        @Bean
        ResponseCache responseCache(CacheProperties properties) {
            if (properties.enabled()) {
                log.info("Cache: in-process (Caffeine, at most {} answers); set CARAVAN_CACHE_REDIS_URL to share"
                        + " it between instances", properties.maxEntries());
            } else {
                log.info("Cache: disabled (caravan.cache.enabled=false)");
            }
            return new CaffeineResponseCache(properties.maxEntries());
        }

        @Bean
        SemanticIndex semanticIndex(CacheProperties properties) {
            return new InMemorySemanticIndex(properties.semantic().maxPerPartition(), properties.maxEntries());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(RedisConfigured.class)
    static class WithRedis {

        @Bean(destroyMethod = "close")
        SharedRedisConnection cacheRedisConnection(CacheProperties properties) {
            CacheProperties.Redis redis = properties.redis();
            return new SharedRedisConnection(redis.url(), redis.timeout(), redis.retryInterval());
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        RedisAvailability cacheRedisAvailability(SharedRedisConnection connection, CacheProperties properties,
                ObjectProvider<MeterRegistry> meters) {
            return new RedisAvailability(connection, properties.redis().retryInterval(),
                    meters.getIfAvailable(() -> Metrics.globalRegistry));
        }

        @Bean
        ResponseCache responseCache(SharedRedisConnection connection, RedisAvailability availability,
                CacheProperties properties) {
            CacheProperties.Redis redis = properties.redis();
            log.info("Cache: Redis at {} (key prefix '{}', timeout {}); in-process (Caffeine) while it is unreachable",
                    connection.url(), redis.keyPrefix(), RedisAvailability.readable(redis.timeout()));
            return new FailoverResponseCache(connection, redis.keyPrefix(),
                    new CaffeineResponseCache(properties.maxEntries()), availability);
        }

        @Bean
        SemanticIndex semanticIndex(SharedRedisConnection connection, RedisAvailability availability,
                CacheProperties properties) {
            int maxPerPartition = properties.semantic().maxPerPartition();
            return new FailoverSemanticIndex(connection, properties.redis().keyPrefix(), maxPerPartition,
                    new InMemorySemanticIndex(maxPerPartition, properties.maxEntries()), availability);
        }
    }

    static final class RedisConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Binder binder = Binder.get(context.getEnvironment());
            boolean enabled = binder.bind("caravan.cache.enabled", Boolean.class).orElse(true);
            String url = binder.bind("caravan.cache.redis.url", String.class).orElse("");
            return enabled && !url.isBlank();
        }
    }

    static final class RedisNotConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new RedisConfigured().matches(context, metadata);
        }
    }
}
