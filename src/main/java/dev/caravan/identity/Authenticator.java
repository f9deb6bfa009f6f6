package dev.caravan.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the credentials of a call into a {@link Caller}, or refuses it in OpenAI's terms: 401
 * {@code invalid_api_key} for a missing, malformed, unknown or revoked key (one message for all,
 * never repeating what was sent), 403 {@code tenant_suspended} for a good key of a suspended
 * tenant.
 *
 * <h2>Which credential</h2>
 * {@code X-Service-Key} wins when present: it is what a service sends on purpose, while OpenAI
 * SDKs always send some {@code Authorization}. A key presented there must be bound to a service.
 * Otherwise {@code Authorization: Bearer ck-…}. Neither: anonymous in dev mode, else 401. Where
 * anonymous calls are accepted, a token that is not a Caravan key at all (an OpenAI SDK's
 * placeholder) counts as none; anything starting {@code ck-} is checked.
 *
 * <h2>Cache, and how fast revocation works</h2>
 * Resolved keys (and unknown hashes, so that a stream of bad keys cannot hammer the database)
 * are cached by hash, never by secret, for {@code ttl} ({@code caravan.identity.cache-ttl},
 * 30 s by default). A revoked key, a suspended tenant or a changed plan therefore takes effect
 * within that ttl on every instance; on the instance that made the change at once, through
 * {@link #forgetKey} and {@link #forgetTenant}. A new key works at once everywhere (its hash was
 * never cached). Loading a key into the cache also {@linkplain ApiKeyStore#touch touches} it.
 */
public class Authenticator {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    static final String MISSING = "Missing API key. Send it as 'Authorization: Bearer ck-...' or in 'X-Service-Key'.";
    static final String INVALID = "Incorrect API key provided.";
    static final String NOT_A_SERVICE_KEY = "The key sent in X-Service-Key is not bound to a service.";
    static final String SUSPENDED = "This key's tenant is suspended.";
    private static final String BEARER = "Bearer ";

    private final ApiKeyStore keys;
    private final KeyHasher hasher;
    private final Cache<String, Optional<ResolvedKey>> cache;

    public Authenticator(ApiKeyStore keys, KeyHasher hasher, Duration ttl, long maxEntries) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    }

    /** {@link #identify} without the plan. */
    public Caller authenticate(String authorization, String serviceKey, boolean devMode) {
        return identify(authorization, serviceKey, devMode).caller();
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param serviceKey    the {@code X-Service-Key} header, or null
     * @param devMode       whether anonymous calls are allowed ({@link DevMode#applies()})
     * @throws GatewayException {@link ErrorKind#UNAUTHORIZED} or {@link ErrorKind#TENANT_SUSPENDED}
     */
    public Identity identify(String authorization, String serviceKey, boolean devMode) {
        boolean viaService = serviceKey != null && !serviceKey.isBlank();
        String secret = viaService ? serviceKey.strip() : bearer(authorization);
        if (secret == null) {
            if (devMode) {
                return Identity.anonymous();
            }
            throw new GatewayException(ErrorKind.UNAUTHORIZED, MISSING);
        }
        if (!ApiKeySecrets.isWellFormed(secret)) {
            if (devMode && !viaService && !ApiKeySecrets.looksLikeCaravanKey(secret)) {
                // an OpenAI SDK must send some key; where anonymous calls are accepted anyway, a token
                // that is not a Caravan key at all ("sk-anything") grants nothing and is ignored
                return Identity.anonymous();
            }
            throw new GatewayException(ErrorKind.UNAUTHORIZED, INVALID);
        }
        ResolvedKey resolved = cache.get(hasher.hash(secret), this::load)
                .orElseThrow(() -> new GatewayException(ErrorKind.UNAUTHORIZED, INVALID));
        ApiKey key = resolved.key();
        if (viaService && key.service() == null) {
            throw new GatewayException(ErrorKind.UNAUTHORIZED, NOT_A_SERVICE_KEY);
        }
        if (!resolved.tenant().active()) {
            throw new GatewayException(ErrorKind.TENANT_SUSPENDED, SUSPENDED);
        }
        return new Identity(new Caller(key.tenantId(), key.userId(), key.service(), key.id()), resolved.plan());
    }

    /** Drops every resolved key from this instance's cache (a key, tenant or plan changed somewhere). */
    public void forgetAll() {
        cache.invalidateAll();
    }

    /** Drops a key from this instance's cache (after revoking or rotating it here). */
    public void forgetKey(String keyId) {
        cache.asMap().values().removeIf(v -> v.isPresent() && v.get().key().id().equals(keyId));
    }

    /** Drops a tenant's keys from this instance's cache (after suspending it or changing its plan here). */
    public void forgetTenant(String tenantId) {
        cache.asMap().values().removeIf(v -> v.isPresent() && v.get().tenant().id().equals(tenantId));
    }

    private Optional<ResolvedKey> load(String hash) {
        Optional<ResolvedKey> found = keys.findByHash(hash);
        found.ifPresent(k -> {
            try {
                keys.touch(k.key().id());
            } catch (RuntimeException e) {
                log.warn("could not record the use of key {}: {}", k.key().id(), e.toString());
            }
        });
        return found;
    }

    /** The token of {@code Authorization: Bearer <token>}; null when absent or blank. */
    private static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String value = authorization.strip();
        if (value.equalsIgnoreCase(BEARER.strip())) {
            return null;
        }
        if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = value.substring(BEARER.length()).strip();
            return token.isEmpty() ? null : token;
        }
        throw new GatewayException(ErrorKind.UNAUTHORIZED, INVALID);
    }
}
