package dev.caravan.support;

import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.Plan;
import dev.caravan.identity.PlanStore;
import dev.caravan.identity.TenantStore;

/** Tenants, plans and virtual keys for tests, made through the identity stores. */
public final class TestKeys {

    private final PlanStore plans;
    private final TenantStore tenants;
    private final ApiKeyStore keys;

    public TestKeys(PlanStore plans, TenantStore tenants, ApiKeyStore keys) {
        this.plans = plans;
        this.tenants = tenants;
        this.keys = keys;
    }

    /** The tenant (created when missing, on {@code planId}), and a new key of it for {@code user}. */
    public String key(String tenant, String planId, String user) {
        if (tenants.get(tenant).isEmpty()) {
            tenants.create(tenant, tenant, planId);
        }
        return keys.create(tenant, user, null, null).secret();
    }

    public String key(String tenant) {
        return key(tenant, null, null);
    }

    /** The plan, created when missing. */
    public Plan plan(Plan plan) {
        return plans.get(plan.id()).orElseGet(() -> plans.create(plan));
    }

    public TenantStore tenants() {
        return tenants;
    }

    public ApiKeyStore keys() {
        return keys;
    }
}
