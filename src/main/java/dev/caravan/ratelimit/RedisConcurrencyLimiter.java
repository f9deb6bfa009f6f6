package dev.caravan.ratelimit;

import dev.caravan.redis.SharedRedisConnection;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Permits in Redis, shared by every gateway instance: one limit however many instances.
 *
 * <p>Each key is a sorted set {@code <prefix>concurrency:<scope>:<name>} whose members are the
 * permits held on it, scored by the end of their lease. One Lua script
 * ({@code concurrency-leases.lua}) drops ended leases, checks that every key has room, and only
 * then adds the permit to all of them, so a refused request holds nothing and no other instance
 * can slip in between. Release removes the permit from all its keys. A lease ends
 * {@code lease-ttl} after it was taken: an instance that dies holding permits loses them then,
 * and a set whose last lease ended expires with it.
 *
 * <p><b>Clock:</b> the script reads Redis's {@code TIME}, so every instance dates leases on one
 * clock and a skewed host clock cannot end other instances' leases early. (A package-private
 * constructor passes a client clock instead, so that tests can move time as they do in memory.)
 *
 * <p>Redis failures are thrown ({@link RedisException}); {@link FailoverConcurrencyLimiter}
 * decides what they mean. Takes ownership of the connection: {@link #close()} closes it.
 */
public final class RedisConcurrencyLimiter implements ConcurrencyLimiter {

    static final LuaScript SCRIPT = LuaScript.load("concurrency-leases.lua");

    private final SharedRedisConnection redis;
    private final String keyPrefix;
    private final ConcurrencyProperties properties;
    private final String leaseMillis;
    private final LongSupplier clientClock;

    /** Dating leases on Redis's clock. */
    public RedisConcurrencyLimiter(SharedRedisConnection redis, String keyPrefix, ConcurrencyProperties properties) {
        this(redis, keyPrefix, properties, null);
    }

    /** @param clientClock milliseconds to date leases by instead of Redis's {@code TIME}: tests only */
    RedisConcurrencyLimiter(SharedRedisConnection redis, String keyPrefix, ConcurrencyProperties properties,
            LongSupplier clientClock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.leaseMillis = Long.toString(properties.leaseTtl().toMillis());
        this.clientClock = clientClock;
    }

    @Override
    public ConcurrencyDecision acquire(List<ConcurrencyKey> keys) {
        List<ConcurrencyLimit> limits = properties.limitsFor(keys);
        if (limits.isEmpty()) {
            return ConcurrencyDecision.unlimited();
        }
        Permit permit = Permit.issue(limits, this);
        String[] redisKeys = redisKeys(permit.keys());
        String[] args = new String[4 + limits.size()];
        args[0] = "acquire";
        args[1] = permit.id();
        args[2] = clientClock == null ? "" : Long.toString(clientClock.getAsLong());
        args[3] = leaseMillis;
        for (int i = 0; i < limits.size(); i++) {
            args[4 + i] = Integer.toString(limits.get(i).max());
        }
        List<Long> reply;
        try {
            reply = SCRIPT.run(redis.commands(), ScriptOutputType.MULTI, redisKeys, args);
        } catch (RedisException e) {
            // a timed-out reply may still have taken the permit: give it back if Redis lets us
            undoQuietly(permit, e);
            throw e;
        }
        int refusing = reply.get(0).intValue();
        if (refusing == 0) {
            return ConcurrencyDecision.acquired(permit);
        }
        if (refusing < 1 || refusing > limits.size()) {
            throw new IllegalStateException("unexpected concurrency script reply " + reply);
        }
        ConcurrencyLimit limit = limits.get(refusing - 1);
        return ConcurrencyDecision.limited(limit.key(), limit.max());
    }

    @Override
    public void release(Permit permit) {
        if (permit.isEmpty()) {
            return;
        }
        SCRIPT.run(redis.commands(), ScriptOutputType.INTEGER, redisKeys(permit.keys()), "release", permit.id());
    }

    @Override
    public void renew(Permit permit) {
        if (permit.isEmpty()) {
            return;
        }
        SCRIPT.run(redis.commands(), ScriptOutputType.INTEGER, redisKeys(permit.keys()), "renew", permit.id(),
                clientClock == null ? "" : Long.toString(clientClock.getAsLong()), leaseMillis);
    }

    @Override
    public void close() {
        redis.close();
    }

    private void undoQuietly(Permit permit, RedisException failure) {
        try {
            release(permit);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private String[] redisKeys(List<ConcurrencyKey> keys) {
        String[] redisKeys = new String[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            redisKeys[i] = keys.get(i).redisKey(keyPrefix);
        }
        return redisKeys;
    }
}
