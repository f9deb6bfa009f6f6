package dev.caravan.identity;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;

/**
 * What a caller of a read endpoint (usage, budgets) may see: everything (the admin, or dev mode)
 * or one tenant's data only (a tenant's virtual key). Resolved by {@link ReadAccess}.
 *
 * @param tenant null: every tenant; otherwise the only tenant this caller may see
 */
public record ReadScope(String tenant) {

    private static final ReadScope ALL = new ReadScope(null);

    public static ReadScope all() {
        return ALL;
    }

    public static ReadScope tenant(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("a tenant scope needs a tenant");
        }
        return new ReadScope(tenant);
    }

    public boolean isAll() {
        return tenant == null;
    }

    /**
     * The tenant a query must be limited to, given the one the caller asked for.
     *
     * @param requested the {@code tenant} parameter; null or blank: none
     * @return for the admin the requested tenant (null: every tenant); for a tenant its own
     * @throws GatewayException {@link ErrorKind#PERMISSION_DENIED} when a tenant asks for another tenant's data
     */
    public String tenantFilter(String requested) {
        String asked = requested == null || requested.isBlank() ? null : requested.strip();
        if (isAll()) {
            return asked;
        }
        if (asked != null && !asked.equals(tenant)) {
            throw new GatewayException(ErrorKind.PERMISSION_DENIED, "This key may only read its own tenant's data.", "tenant");
        }
        return tenant;
    }
}
