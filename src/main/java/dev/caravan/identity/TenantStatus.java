package dev.caravan.identity;

import java.util.Locale;

/** Whether a tenant's keys work. A suspended tenant's calls are refused with 403, its keys kept. */
public enum TenantStatus {
    ACTIVE, SUSPENDED;

    /** The value stored in {@code tenants.status}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TenantStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
