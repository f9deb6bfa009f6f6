package dev.caravan.ratelimit;

import dev.caravan.redis.SharedRedisConnection;
import dev.caravan.ratelimit.Decision.BucketState;
import dev.caravan.ratelimit.Decision.Outcome;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Token buckets in Redis, shared by every gateway instance: one limit however many instances.
 *
 * <p>Each check is one Lua script ({@code token-buckets.lua}, sent once and then called by its
 * SHA-1) over all of the request's buckets: it reads every bucket, refills it, and writes only if
 * all have enough, so a refused request counts nowhere and no other instance can slip in between
 * (Redis runs a script alone). Each bucket is a hash {@code <prefix><scope>:<name>:<rpm|rph|tpm>}
 * with its level and time, given a PEXPIRE of the time it takes to refill: an idle bucket vanishes
 * exactly when it would be full anyway.
 *
 * <p><b>Clock:</b> the script reads Redis's {@code TIME}, so all instances measure refills on one
 * clock and a skewed host clock can neither refill buckets early nor hold them back. (A
 * package-private constructor passes a client clock instead, so that the contract tests can move
 * time on Redis as they do in memory.)
 *
 * <p><b>Why not Bucket4j:</b> its Redis backend (bucket4j_jdk17-lettuce) consumes from one bucket
 * (one key) per call. A request here takes from up to a dozen buckets (three kinds at five scopes)
 * all or nothing; doing that bucket by bucket and giving back on a refusal would let concurrent
 * requests, on any instance, be refused by tokens about to be returned, and a crash in between
 * would lose them for good. One short script does it atomically, and the same arithmetic in
 * {@link TokenBucket} serves the in-memory limiter, so the two cannot drift apart unnoticed.
 *
 * <p>Redis failures are thrown ({@code io.lettuce.core.RedisException}); {@link FailoverRateLimiter}
 * decides what they mean. Takes ownership of the connection: {@link #close()} closes it.
 */
public final class RedisRateLimiter implements RateLimiter {

    private static final LuaScript SCRIPT = LuaScript.load("token-buckets.lua");
    static final String SCRIPT_SHA = SCRIPT.sha();

    private final SharedRedisConnection redis;
    private final String keyPrefix;
    private final RateLimitRules rules;
    private final LongSupplier clientClock;

    /** Counting on Redis's clock. */
    public RedisRateLimiter(SharedRedisConnection redis, String keyPrefix, RateLimitRules rules) {
        this(redis, keyPrefix, rules, null);
    }

    /** @param clientClock milliseconds to count by instead of Redis's {@code TIME}: tests only */
    RedisRateLimiter(SharedRedisConnection redis, String keyPrefix, RateLimitRules rules, LongSupplier clientClock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clientClock = clientClock;
    }

    @Override
    public Decision check(List<LimitKey> keys, long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        List<Limit> limits = rules.limitsFor(keys);
        if (limits.isEmpty()) {
            return Decision.unlimited();
        }
        List<Long> reply = run("check", limits, limit -> limit.kind().countsTokens() ? tokens : 1);
        Outcome outcome = switch (reply.get(0).intValue()) {
            case 1 -> Outcome.ALLOWED;
            case 0 -> Outcome.LIMITED;
            case -1 -> Outcome.TOO_LARGE;
            default -> throw new IllegalStateException("unexpected rate-limit script reply " + reply);
        };
        List<BucketState> states = new ArrayList<>(limits.size());
        for (int i = 0; i < limits.size(); i++) {
            states.add(new BucketState(reply.get(1 + 3 * i), reply.get(2 + 3 * i), reply.get(3 + 3 * i)));
        }
        return Decision.of(outcome, limits, states, tokens);
    }

    @Override
    public void adjustTokens(List<LimitKey> keys, long delta) {
        if (delta == 0) {
            return;
        }
        List<Limit> limits = rules.limitsFor(keys).stream().filter(l -> l.kind().countsTokens()).toList();
        if (!limits.isEmpty()) {
            run("force", limits, limit -> TokenBucket.clampedDelta(delta, limit));
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    private interface Amount {
        long of(Limit limit);
    }

    private List<Long> run(String mode, List<Limit> limits, Amount amount) {
        String[] keys = new String[limits.size()];
        String[] args = new String[2 + 4 * limits.size()];
        args[0] = mode;
        args[1] = clientClock == null ? "" : Long.toString(clientClock.getAsLong());
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            keys[i] = limit.redisKey(keyPrefix);
            args[2 + 4 * i] = Long.toString(limit.capacity());
            args[3 + 4 * i] = Long.toString(limit.rate());
            args[4 + 4 * i] = Long.toString(limit.kind().periodMillis());
            args[5 + 4 * i] = Long.toString(amount.of(limit));
        }
        return SCRIPT.run(redis.commands(), ScriptOutputType.MULTI, keys, args);
    }
}
