package dev.caravan.metering;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the metering writer ({@code caravan.metering.*}). A value left out (0 or null)
 * takes its default.
 *
 * @param batchSize     most records written in one JDBC batch (default 200)
 * @param flushInterval longest a record waits for its batch to fill before it is written
 *                      (default 200 ms)
 * @param queueCapacity records buffered between the request path and the writer (default
 *                      100,000); when full, callers wait briefly and then write synchronously
 */
@ConfigurationProperties(prefix = "caravan.metering")
public record MeteringProperties(int batchSize, Duration flushInterval, int queueCapacity) {

    public static final int DEFAULT_BATCH_SIZE = 200;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

    public MeteringProperties {
        if (batchSize < 0) {
            throw new IllegalArgumentException("caravan.metering.batch-size must not be negative: " + batchSize);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException(
                    "caravan.metering.queue-capacity must not be negative: " + queueCapacity);
        }
        if (flushInterval != null && flushInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "caravan.metering.flush-interval must not be negative: " + flushInterval);
        }
        batchSize = batchSize == 0 ? DEFAULT_BATCH_SIZE : batchSize;
        flushInterval = flushInterval == null || flushInterval.isZero() ? DEFAULT_FLUSH_INTERVAL : flushInterval;
        queueCapacity = queueCapacity == 0 ? DEFAULT_QUEUE_CAPACITY : queueCapacity;
    }

    /** All defaults. */
    public static MeteringProperties defaults() {
        return new MeteringProperties(0, null, 0);
    }
}
