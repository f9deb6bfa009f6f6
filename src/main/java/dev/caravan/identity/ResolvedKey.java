package dev.caravan.identity;

/**
 * An active key with what it stands for: its tenant and the plan that applies (the key's own,
 * else the tenant's; null when neither has one).
 */
public record ResolvedKey(ApiKey key, Tenant tenant, Plan plan) {
}
