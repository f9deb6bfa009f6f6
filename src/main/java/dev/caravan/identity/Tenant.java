package dev.caravan.identity;

import java.time.Instant;

/** A customer of the gateway: every key belongs to one. {@code planId} null: no plan. */
public record Tenant(String id, String name, TenantStatus status, String planId, Instant createdAt) {

    public boolean active() {
        return status == TenantStatus.ACTIVE;
    }
}
