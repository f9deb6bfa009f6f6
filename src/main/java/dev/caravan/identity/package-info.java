/**
 * Identity: who calls. Virtual API keys ({@code ck-…}, stored hashed) bound to a tenant and
 * optionally a user, a service and a plan; tenants (active or suspended) on plans (features,
 * tiers allowed per task, token limits); the admin key; dev mode.
 *
 * <ul>
 *   <li>{@link dev.caravan.identity.Authenticator} — headers to {@link dev.caravan.gateway.Caller}
 *       (and {@link dev.caravan.identity.Plan}), or 401 {@code invalid_api_key} / 403
 *       {@code tenant_suspended}; caches resolved keys for {@code caravan.identity.cache-ttl}.</li>
 *   <li>{@link dev.caravan.identity.ApiKeyStore}, {@link dev.caravan.identity.TenantStore},
 *       {@link dev.caravan.identity.PlanStore} — JDBC, tables of {@code V8__identity.sql}.</li>
 *   <li>{@link dev.caravan.identity.ApiKeySecrets}, {@link dev.caravan.identity.KeyHasher} — the
 *       secret's format, and why SHA-256 (or HMAC with {@code CARAVAN_KEY_PEPPER}) and not bcrypt.</li>
 *   <li>{@link dev.caravan.identity.DevMode}, {@link dev.caravan.identity.AdminKey} — when calls
 *       need no key, and the guard of {@code /api/admin/**}.</li>
 *   <li>{@link dev.caravan.identity.ReadAccess} — who may read per-tenant data ({@code /api/usage},
 *       {@code /api/budget}): the admin everything, a tenant's key its own tenant
 *       ({@link dev.caravan.identity.ReadScope}), 403 {@code permission_denied} beyond it.</li>
 * </ul>
 *
 * <h2>Where it is used</h2>
 * <ul>
 *   <li>REST and JMS: each channel's ingress route takes the credentials off the transport
 *       ({@code Authorization} / {@code X-Service-Key}; JMS {@code CaravanApiKey} /
 *       {@code CaravanServiceKey}) and calls {@code direct:authenticate}
 *       ({@code governance.camel.yaml}), which asks {@link dev.caravan.identity.Gatekeeper}
 *       before the body is read. File drops: {@link dev.caravan.identity.Gatekeeper#forTenant}
 *       with {@code caravan.ingress.file.tenant}.</li>
 *   <li>Admin: {@code AdminGuard} (package {@code admin}) checks {@link dev.caravan.identity.AdminKey}
 *       on every {@code /api/admin/**} route and on the operator endpoints (dead letters, cache).
 *       Changes reach every instance's {@link dev.caravan.identity.Authenticator} cache through
 *       the change feed ({@code admin.ChangeFeed}).</li>
 *   <li>Read endpoints ({@code /api/usage}, {@code /api/budget}): {@link dev.caravan.identity.ReadAccess}.</li>
 * </ul>
 */
package dev.caravan.identity;
