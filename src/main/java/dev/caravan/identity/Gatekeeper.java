package dev.caravan.identity;

import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.util.Objects;

/**
 * The pipeline's authentication step: who a request comes from, or why it is refused. Anonymous
 * calls are accepted in {@link DevMode} or when {@code caravan.identity.allow-anonymous} is set;
 * a key that is presented is always checked.
 */
public class Gatekeeper {

    static final String FOLDER_NEEDS_TENANT = "This folder has no tenant configured"
            + " (caravan.ingress.file.tenant) and the gateway requires callers to be identified.";
    static final String UNKNOWN_TENANT = "The tenant configured for this channel does not exist.";
    static final String UNKNOWN_CALLER_TENANT = "The request's tenant no longer exists.";

    private final Authenticator authenticator;
    private final DevMode devMode;
    private final TenantStore tenants;
    private final PlanStore plans;
    private final boolean allowAnonymous;

    public Gatekeeper(Authenticator authenticator, DevMode devMode, TenantStore tenants, PlanStore plans,
            boolean allowAnonymous) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.devMode = Objects.requireNonNull(devMode, "devMode");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.allowAnonymous = allowAnonymous;
    }

    public boolean anonymousAllowed() {
        return allowAnonymous || devMode.applies();
    }

    /** @throws GatewayException 401 {@code invalid_api_key} or 403 {@code tenant_suspended} */
    public Identity identify(Credentials credentials) {
        Credentials c = credentials == null ? Credentials.NONE : credentials;
        return authenticator.identify(c.authorization(), c.serviceKey(), anonymousAllowed());
    }

    /**
     * For a channel that cannot present a key (a drop folder): the tenant configured for it, as
     * the service {@code service}. Without one, anonymous where allowed.
     */
    public Identity forTenant(String tenantId, String service) {
        if (tenantId == null || tenantId.isBlank()) {
            if (anonymousAllowed()) {
                return Identity.anonymous();
            }
            throw new GatewayException(ErrorKind.UNAUTHORIZED, FOLDER_NEEDS_TENANT);
        }
        return withPlan(new Caller(tenantId.strip(), null, service, null), UNKNOWN_TENANT);
    }

    /**
     * For a request that was authenticated before and is run again (a replayed dead letter): the
     * caller as stored, with its tenant's plan as it is now. A tenant suspended or deleted since
     * is refused.
     *
     * @throws GatewayException 401 {@code invalid_api_key} or 403 {@code tenant_suspended}
     */
    public Identity forCaller(Caller caller) {
        if (caller == null || caller.tenant() == null) {
            return caller == null ? Identity.anonymous() : new Identity(caller, null);
        }
        return withPlan(caller, UNKNOWN_CALLER_TENANT);
    }

    private Identity withPlan(Caller caller, String unknown) {
        Tenant tenant = tenants.get(caller.tenant()).orElseThrow(() -> new GatewayException(ErrorKind.UNAUTHORIZED, unknown));
        if (!tenant.active()) {
            throw new GatewayException(ErrorKind.TENANT_SUSPENDED, Authenticator.SUSPENDED);
        }
        Plan plan = tenant.planId() == null ? null : plans.get(tenant.planId()).orElse(null);
        return new Identity(caller, plan);
    }
}
