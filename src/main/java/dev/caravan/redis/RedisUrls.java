package dev.caravan.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;

/** Checks and prints the Redis settings of every part that uses Redis (cache, rate limits), never showing a password. */
public final class RedisUrls {

    private RedisUrls() {
    }

    /** The URL without surrounding blanks ("" when unset), or an error naming the property, the password masked. */
    public static String validated(String property, String url) {
        String stripped = url == null ? "" : url.strip();
        if (!stripped.isEmpty()) {
            try {
                RedisURI.create(stripped);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(property + " is not a Redis URL (redis://[[user]:password@]host[:port][/db]): "
                        + SharedRedisConnection.maskPassword(stripped));
            }
        }
        return stripped;
    }

    /** {@code Redis[url=redis://:***@host:6379, keyPrefix=…, timeout=…, retryInterval=…]}. */
    public static String describe(String url, String keyPrefix, Duration timeout, Duration retryInterval) {
        return "Redis[url=" + SharedRedisConnection.maskPassword(url) + ", keyPrefix=" + keyPrefix
                + ", timeout=" + timeout + ", retryInterval=" + retryInterval + "]";
    }
}
