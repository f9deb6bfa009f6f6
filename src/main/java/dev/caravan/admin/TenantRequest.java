package dev.caravan.admin;

/**
 * The body of {@code POST /api/admin/tenants} and {@code PUT /api/admin/tenants/{id}}.
 *
 * @param planId null: no plan
 * @param status {@code active} or {@code suspended}; null: active
 */
public record TenantRequest(String id, String name, String planId, String status) {
}
