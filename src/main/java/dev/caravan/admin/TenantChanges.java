package dev.caravan.admin;

/**
 * The body of {@code PATCH /api/admin/tenants/{id}}: only what is present changes. A null name or
 * status stays as it is; the plan changes when {@code setsPlan} (to none when {@code planId} is
 * null), so that {@code "plan_id": null} and a missing {@code plan_id} mean different things.
 */
public record TenantChanges(String name, boolean setsPlan, String planId, String status) {

    public boolean empty() {
        return name == null && !setsPlan && status == null;
    }
}
