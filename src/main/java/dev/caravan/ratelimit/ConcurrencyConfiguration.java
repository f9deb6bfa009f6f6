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
 * The bean {@code concurrencyLimiter}: when nothing is limited, an in-memory limiter that never
 * holds anything (every acquire returns {@link Permit#none()} at once); with limits and no Redis
 * URL, permits in this process; otherwise Redis behind a {@link FailoverConcurrencyLimiter}, with
 * the rate limits' Redis settings and {@code fail-open}. Limited ones are wrapped in
 * {@link MeteredConcurrencyLimiter} and {@link RenewingConcurrencyLimiter}. Redis is not
 * contacted at start-up, so the gateway starts while Redis is down.
 *
 * <p>The Redis connection is the limiter's own (made on first use), like the rate limiter's: a
 * permit's two calls are short and a connection pipelines concurrent commands.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConcurrencyProperties.class, RateLimitProperties.class})
public class ConcurrencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConcurrencyConfiguration.class);

    @Bean
    ConcurrencyLimiter concurrencyLimiter(ConcurrencyProperties concurrency, RateLimitProperties rateLimits,
            ObjectProvider<MeterRegistry> meterRegistry) {
        InMemoryConcurrencyLimiter local = new InMemoryConcurrencyLimiter(concurrency, Clock.systemUTC());
        if (!concurrency.limitsAnything()) {
            log.info("Concurrency limits: none configured (caravan.rate-limits.concurrency)");
            return local;
        }
        MeterRegistry meters = meterRegistry.getIfAvailable(() -> Metrics.globalRegistry);
        RateLimitProperties.Redis redis = rateLimits.redis();
        if (!redis.configured()) {
            log.info("Concurrency limits: held in this process (lease {}); set CARAVAN_RATE_LIMITS_REDIS_URL to share"
                    + " them between instances", Decision.formatDuration(concurrency.leaseTtl()));
            return renewing(new MeteredConcurrencyLimiter(local, meters), concurrency);
        }
        SharedRedisConnection connection = new SharedRedisConnection(redis.url(), redis.timeout(), redis.retryInterval());
        connection.connectInBackground();
        log.info("Concurrency limits: shared in Redis at {} (key prefix '{}', lease {}); while it is unreachable {}",
                connection.url(), redis.keyPrefix(), Decision.formatDuration(concurrency.leaseTtl()),
                rateLimits.failOpen() ? "held per instance (fail-open)" : "requests are refused (fail-open: false)");
        return renewing(new MeteredConcurrencyLimiter(new FailoverConcurrencyLimiter(
                new RedisConcurrencyLimiter(connection, redis.keyPrefix(), concurrency), local, rateLimits.failOpen(),
                redis.retryInterval(), Clock.systemUTC(), connection.url(), meters), meters), concurrency);
    }

    /** Held permits renewed every third of the lease: a request longer than one lease keeps its place. */
    private static ConcurrencyLimiter renewing(ConcurrencyLimiter limiter, ConcurrencyProperties concurrency) {
        return new RenewingConcurrencyLimiter(limiter, concurrency.leaseTtl().dividedBy(3));
    }
}
