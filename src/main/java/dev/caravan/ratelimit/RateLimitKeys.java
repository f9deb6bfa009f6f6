package dev.caravan.ratelimit;

import dev.caravan.gateway.Caller;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link LimitKey}s of a request: always {@link LimitKey#GLOBAL}, then tenant, key, user and
 * provider where known (null or blank ones are skipped). Users are named {@code tenant/user} when
 * the tenant is known, because user ids need only be unique within a tenant.
 *
 * <p>The provider is known only once a candidate is chosen, and a refused provider should send the
 * request to the next candidate rather than back to the caller: {@link #forCaller} and
 * {@link #forProvider} let the two be checked apart; {@link #of} gives all at once.
 *
 * <p>Names must come from the authenticated caller (virtual key, its tenant and user), never from
 * the request body: OpenAI's {@code user} field is the caller's to choose, and a fresh name per
 * request would be a fresh bucket per request.
 */
public final class RateLimitKeys {

    private RateLimitKeys() {
    }

    public static List<LimitKey> of(String tenant, String keyId, String user, String provider) {
        List<LimitKey> keys = new ArrayList<>(5);
        keys.add(LimitKey.GLOBAL);
        addIfKnown(keys, LimitScope.TENANT, tenant);
        addIfKnown(keys, LimitScope.KEY, keyId);
        addIfKnown(keys, LimitScope.USER, userName(tenant, user));
        addIfKnown(keys, LimitScope.PROVIDER, provider);
        return List.copyOf(keys);
    }

    /** Global, tenant, key and user of a caller. */
    public static List<LimitKey> forCaller(Caller caller) {
        return of(caller.tenant(), caller.keyId(), caller.user(), null);
    }

    /** The provider's key alone (without the global one, which the caller's check counted). */
    public static List<LimitKey> forProvider(String provider) {
        return known(provider) ? List.of(new LimitKey(LimitScope.PROVIDER, provider)) : List.of();
    }

    private static String userName(String tenant, String user) {
        if (!known(user)) {
            return null;
        }
        return known(tenant) ? tenant + "/" + user : user;
    }

    private static void addIfKnown(List<LimitKey> keys, LimitScope scope, String name) {
        if (known(name)) {
            keys.add(new LimitKey(scope, name));
        }
    }

    private static boolean known(String value) {
        return value != null && !value.isBlank();
    }
}
