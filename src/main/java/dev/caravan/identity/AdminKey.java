package dev.caravan.identity;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.util.Objects;

/**
 * The guard of {@code /api/admin/**}: {@code Authorization: Bearer <CARAVAN_ADMIN_KEY>}, compared
 * in constant time. Without an admin key configured the admin API is open only in dev mode
 * (loopback, no keys) and refused otherwise, so that a networked gateway never has an open admin API.
 */
public class AdminKey {

    static final String INVALID = "Incorrect admin key provided.";
    static final String DISABLED = "The admin API needs an admin key (CARAVAN_ADMIN_KEY).";
    private static final String BEARER = "Bearer ";

    private final String adminKey;
    private final DevMode devMode;

    /** @param adminKey null or blank: none configured */
    public AdminKey(String adminKey, DevMode devMode) {
        this.adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey.strip();
        this.devMode = Objects.requireNonNull(devMode, "devMode");
    }

    public boolean configured() {
        return adminKey != null;
    }

    /** @throws GatewayException {@link ErrorKind#UNAUTHORIZED} unless the call may use the admin API */
    public void check(String authorization) {
        if (adminKey == null) {
            if (devMode.applies()) {
                return;
            }
            throw new GatewayException(ErrorKind.UNAUTHORIZED, DISABLED);
        }
        String presented = authorization == null ? null : authorization.strip();
        if (presented != null && presented.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            presented = presented.substring(BEARER.length()).strip();
        } else {
            presented = null;
        }
        if (!KeyHasher.constantTimeEquals(presented, adminKey)) {
            throw new GatewayException(ErrorKind.UNAUTHORIZED, INVALID);
        }
    }
}
