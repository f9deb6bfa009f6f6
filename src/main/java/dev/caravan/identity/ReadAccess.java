package dev.caravan.identity;

import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.util.Objects;

/**
 * Who may read what from the gateway's read endpoints ({@code /api/usage}, {@code /api/budget},
 * and any later one that shows per-tenant data): the {@link ReadScope} of a call's
 * {@code Authorization} header.
 *
 * <ul>
 *   <li>{@code Bearer <admin key>}: everything ({@link ReadScope#all()}).</li>
 *   <li>{@code Bearer ck-…} (a tenant's virtual key): that tenant only. An unknown or revoked key
 *       gets 401, a suspended tenant's key 403, as on the model endpoints.</li>
 *   <li>No credential: whatever {@link AdminKey} allows without one, i.e. everything in dev mode
 *       (loopback, no keys, no admin key) and 401 otherwise. {@code allow-anonymous} does not
 *       open these endpoints: it lets anonymous callers use models, not read everyone's usage.</li>
 * </ul>
 *
 * The admin key is tried first, so a configured admin key always works; only when it does not
 * match is the credential looked up as a virtual key.
 */
public class ReadAccess {

    private static final String BEARER = "Bearer ";

    private final AdminKey adminKey;
    private final Authenticator authenticator;

    public ReadAccess(AdminKey adminKey, Authenticator authenticator) {
        this.adminKey = Objects.requireNonNull(adminKey, "adminKey");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @throws GatewayException {@link ErrorKind#UNAUTHORIZED} for a missing or wrong credential,
     *         {@link ErrorKind#TENANT_SUSPENDED} for a suspended tenant's key
     */
    public ReadScope resolve(String authorization) {
        try {
            adminKey.check(authorization);
            return ReadScope.all();
        } catch (GatewayException notAdmin) {
            if (!presentsVirtualKey(authorization)) {
                throw notAdmin;
            }
        }
        Caller caller = authenticator.identify(authorization, null, false).caller();
        if (caller.tenant() == null) {
            // every key is bound to a tenant (NOT NULL column); refuse rather than show everything
            throw new GatewayException(ErrorKind.UNAUTHORIZED, Authenticator.INVALID);
        }
        return ReadScope.tenant(caller.tenant());
    }

    private static boolean presentsVirtualKey(String authorization) {
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        return value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && value.substring(BEARER.length()).strip().startsWith(ApiKeySecrets.PREFIX);
    }
}
