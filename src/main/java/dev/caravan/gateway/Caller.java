package dev.caravan.gateway;

/**
 * Who sent a request. Empty fields mean "not known": in dev mode (no keys configured) every
 * caller is anonymous; the governance stage fills these from the virtual key.
 */
public record Caller(String tenant, String user, String service, String keyId) {

    private static final Caller ANONYMOUS = new Caller(null, null, null, null);

    public static Caller anonymous() {
        return ANONYMOUS;
    }
}
