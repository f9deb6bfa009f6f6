package dev.caravan.admin;

/**
 * The body of {@code POST /api/admin/keys}: the tenant the key belongs to, and optionally the
 * user and service it stands for, a plan overriding the tenant's, and a name to tell it apart.
 */
public record KeyRequest(String tenantId, String userId, String service, String planId, String name) {
}
