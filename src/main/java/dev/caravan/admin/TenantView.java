package dev.caravan.admin;

import dev.caravan.identity.Tenant;
import java.time.Instant;

/** A tenant as the admin API shows it; {@code status} is {@code active} or {@code suspended}. */
public record TenantView(String object, String id, String name, String status, String planId, Instant createdAt) {

    public static TenantView of(Tenant tenant) {
        return new TenantView("tenant", tenant.id(), tenant.name(), tenant.status().id(), tenant.planId(),
                tenant.createdAt());
    }
}
