package dev.caravan.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Lettuce connection the Redis cache and index share (a Lettuce connection is
 * thread-safe and pipelines concurrent commands), connected lazily so that the gateway starts
 * while Redis is down.
 *
 * <p>Reconnecting is ours, not Lettuce's: Lettuce's auto-reconnect would queue commands (or log
 * on every attempt) while Redis is away. Instead a lost connection is replaced on the next use,
 * at most once per {@code reconnectInterval} so that requests during an outage fail at once
 * instead of each waiting for a connect; {@link #ping()} always tries.
 */
public final class SharedRedisConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedRedisConnection.class);

    /** Keys asked for per SCAN call: large enough for few round trips, small enough to keep each call short. */
    public static final int SCAN_COUNT = 1000;

    private final RedisClient client;
    private final RedisURI uri;
    private final String maskedUrl;
    private final long reconnectIntervalNanos;
    private volatile StatefulRedisConnection<String, String> connection;
    private long lastAttemptNanos;
    private boolean attempted;

    /**
     * @param url               {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...}
     * @param timeout           longest wait for a command's reply
     * @param reconnectInterval least time between two connect attempts made on use
     * @throws IllegalArgumentException when the URL cannot be parsed (the message shows it with its password masked)
     */
    public SharedRedisConnection(String url, Duration timeout, Duration reconnectInterval) {
        this.maskedUrl = maskPassword(url);
        try {
            this.uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid Redis URL: " + maskedUrl, null);
        }
        uri.setTimeout(timeout);
        this.reconnectIntervalNanos = reconnectInterval.toNanos();
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                // a TCP (and TLS) handshake needs a few round trips more than a command
                .socketOptions(SocketOptions.builder().connectTimeout(max(timeout, Duration.ofSeconds(1))).build())
                .build());
    }

    /** The URL with its password replaced by {@code ***}, fit for logs. */
    public String url() {
        return maskedUrl;
    }

    /**
     * Synchronous commands on the shared connection, whose replies time out after {@code timeout}.
     * Public for the rate limiter's script ({@code dev.caravan.ratelimit.RedisRateLimiter}).
     *
     * @throws io.lettuce.core.RedisException when there is no connection and none could be made now
     */
    public RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null && c.isOpen()) {
            return c.sync();
        }
        return connect(false).sync();
    }

    /**
     * Connects on a background thread, so that the first request does not pay for it: a cold
     * client's first connect (Netty start-up, class loading) can take longer than the command
     * timeout on a busy machine, and would then send that request and the next ones (for the
     * reconnect interval) to the fallback. A failure here is only logged at debug: the requests
     * that find Redis unreachable say so.
     */
    public void connectInBackground() {
        Thread warmUp = new Thread(() -> {
            try {
                ping();
            } catch (RuntimeException e) {
                log.debug("Redis at {} not reachable at start: {}", maskedUrl, e.toString());
            }
        }, "caravan-redis-connect");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** Connects if need be, even within the reconnect interval, and sends PING. */
    public String ping() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null || !c.isOpen()) {
            c = connect(true);
        }
        return c.sync().ping();
    }

    private synchronized StatefulRedisConnection<String, String> connect(boolean always) {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null && c.isOpen()) {
            return c;
        }
        long now = System.nanoTime();
        if (!always && attempted && now - lastAttemptNanos < reconnectIntervalNanos) {
            throw new RedisConnectionException("not connected to " + maskedUrl + "; reconnecting later");
        }
        attempted = true;
        lastAttemptNanos = now;
        if (c != null) {
            c.closeAsync();
            connection = null;
        }
        c = client.connect(StringCodec.UTF8, uri);
        connection = c;
        return c;
    }

    /**
     * Hands every key matching {@code match} (a glob) to {@code batch}, one SCAN page at a time;
     * never KEYS, which blocks Redis for as long as it walks the whole key space. A key may come
     * twice if Redis resizes its table meanwhile.
     */
    public void scan(String match, Consumer<List<String>> batch) {
        RedisCommands<String, String> redis = commands();
        ScanArgs args = ScanArgs.Builder.matches(match).limit(SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            if (!page.getKeys().isEmpty()) {
                batch.accept(page.getKeys());
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    @Override
    public synchronized void close() {
        StatefulRedisConnection<String, String> c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /**
     * {@code redis://user:secret@host:6379} → {@code redis://user:***@host:6379}; a URL with a
     * password only ({@code redis://secret@host}, as Lettuce reads it) → {@code redis://***@host}.
     * Everything up to the last {@code @} counts as credentials, so an unencoded {@code /} or
     * {@code @} in a password is masked too.
     */
    public static String maskPassword(String url) {
        if (url == null) {
            return "";
        }
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int scheme = url.indexOf("://");
        int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        String credentials = url.substring(start, at);
        int colon = credentials.indexOf(':');
        String user = colon >= 0 ? credentials.substring(0, colon + 1) : "";
        return url.substring(0, start) + user + "***" + url.substring(at);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
