package dev.caravan.support;

import dev.caravan.redis.SharedRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis ({@link TestRedis}) and one {@link SharedRedisConnection} to it for one test class,
 * both closed afterwards: {@code @RegisterExtension static final RedisServer REDIS = new RedisServer();}
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

    private final Duration timeout;
    private final Duration reconnectInterval;
    private TestRedis redis;
    private SharedRedisConnection connection;

    /** Commands time out after 2 s; a lost connection is retried after 100 ms. */
    public RedisServer() {
        this(Duration.ofSeconds(2), Duration.ofMillis(100));
    }

    public RedisServer(Duration timeout, Duration reconnectInterval) {
        this.timeout = timeout;
        this.reconnectInterval = reconnectInterval;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = TestRedis.running();
        connection = new SharedRedisConnection(redis.url(), timeout, reconnectInterval);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
            connection = null;
            redis = null;
        }
    }

    public SharedRedisConnection connection() {
        return connection;
    }

    /** A further connection of the same settings (another instance); the caller closes it. */
    public SharedRedisConnection newConnection() {
        return new SharedRedisConnection(redis.url(), timeout, reconnectInterval);
    }

    public String url() {
        return redis.url();
    }
}
