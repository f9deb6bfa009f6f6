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
 * <h2>Wiring (not done yet)</h2>
 * <ul>
 *   <li>REST: authenticate first in {@code direct:prepare} (before {@code classify}), from the
 *       {@code Authorization} and {@code X-Service-Key} headers kept by the ingress, with
 *       {@code devMode.applies()}; replace the request's {@code Caller.anonymous()} with the result
 *       and keep the {@link dev.caravan.identity.Identity}'s plan in an exchange variable for the
 *       budget and routing stages. Remove both headers afterwards so they reach no log or provider.
 *       The existing error mapping renders the {@code GatewayException} in OpenAI's format.</li>
 *   <li>JMS: the key in a JMS property (e.g. {@code CaravanApiKey}, as a bearer-less secret passed
 *       as the service key or as {@code Bearer}); failures go to the dead-letter channel like other
 *       caller errors. File: a per-folder tenant/key in configuration (a folder is not a caller
 *       that can present a key), resolved once at start.</li>
 *   <li>Admin: {@code AdminKey.check(authorization)} in the admin routes' ingress for
 *       {@code /api/admin/**}; after revoking, rotating or suspending there, call
 *       {@code Authenticator.forgetKey/forgetTenant} so this instance applies it at once.</li>
 * </ul>
 */
package dev.caravan.identity;
