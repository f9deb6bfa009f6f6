package dev.caravan.admin;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.identity.ApiKey;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.CreatedKey;
import dev.caravan.identity.Ids;
import dev.caravan.identity.Plan;
import dev.caravan.identity.PlanStore;
import dev.caravan.identity.Tenant;
import dev.caravan.identity.TenantStatus;
import dev.caravan.identity.TenantStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;

/**
 * What the admin API does with plans, tenants and keys: validates the request, changes the
 * database through identity's stores, announces the change to every instance
 * ({@link ChangeFeed}, topics of {@link AdminConfiguration}) and writes one audit line (INFO,
 * never a secret). Refusals are {@link GatewayException}s: 400 {@code invalid_request} for bad
 * fields, 404 {@code not_found} for unknown ids (in the path or referred to in the body), 409
 * {@code conflict} for an id already taken or a plan still in use.
 *
 * <p>The change is made first and announced after: if announcing fails the call fails (500) but the
 * change stays, and other instances apply it when their authentication caches expire
 * ({@code caravan.identity.cache-ttl}).
 */
public class AdminIdentityService {

    private static final Logger log = LoggerFactory.getLogger(AdminIdentityService.class);

    /** user_id and service: what may appear in logs, metrics and cache keys (no ':' or globs). */
    static final int MAX_LABEL_LENGTH = 255;

    private final PlanStore plans;
    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final ChangeFeed changes;

    public AdminIdentityService(PlanStore plans, TenantStore tenants, ApiKeyStore keys, ChangeFeed changes) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    // ---- plans

    public Plan createPlan(PlanRequest request) {
        Plan plan = plan(required(request, "plan"), id("plan", request.id(), "id"));
        if (plans.get(plan.id()).isPresent()) {
            throw conflict("A plan with id '" + plan.id() + "' already exists.", "id");
        }
        Plan created = store(() -> plans.create(plan), "A plan with id '" + plan.id() + "' already exists.", "id");
        announce(AdminConfiguration.PLANS, created.id(), "plan {} created", created.id());
        return created;
    }

    public List<Plan> plans() {
        return plans.list();
    }

    public Plan plan(String id) {
        return plans.get(id("plan", id, "id")).orElseThrow(() -> notFound("plan", id, "id"));
    }

    /** Replaces a plan's name, limits, features and tiers. */
    public Plan replacePlan(String id, PlanRequest request) {
        id("plan", id, "id");
        sameId(id, required(request, "plan").id());
        Plan plan = plan(request, id);
        Plan replaced = store(() -> plans.update(plan), null, null).orElseThrow(() -> notFound("plan", id, "id"));
        announce(AdminConfiguration.PLANS, id, "plan {} replaced", id);
        return replaced;
    }

    /** Deletes a plan no tenant or key (revoked ones included) refers to. */
    public void deletePlan(String id) {
        plan(id);
        PlanStore.PlanUsers users = plans.users(id);
        if (!users.none()) {
            throw inUse(id, users);
        }
        try {
            if (!plans.delete(id)) {
                throw notFound("plan", id, "id");
            }
        } catch (DataIntegrityViolationException e) {
            throw inUse(id, plans.users(id)); // taken into use meanwhile
        }
        announce(AdminConfiguration.PLANS, id, "plan {} deleted", id);
    }

    // ---- tenants

    public Tenant createTenant(TenantRequest request) {
        required(request, "tenant");
        String id = id("tenant", request.id(), "id");
        String name = name("tenant", request.name());
        String planId = existingPlan(request.planId());
        TenantStatus status = status(request.status(), TenantStatus.ACTIVE);
        if (tenants.get(id).isPresent()) {
            throw conflict("A tenant with id '" + id + "' already exists.", "id");
        }
        Tenant created = store(() -> tenants.create(id, name, planId, status),
                "A tenant with id '" + id + "' already exists.", "id");
        announce(AdminConfiguration.TENANTS, id, "tenant {} created ({}, plan {})", id, status.id(), orNone(planId));
        return created;
    }

    public List<Tenant> tenants() {
        return tenants.list();
    }

    public Tenant tenant(String id) {
        return tenants.get(id("tenant", id, "id")).orElseThrow(() -> notFound("tenant", id, "id"));
    }

    /** Replaces a tenant's name, plan (absent: none) and status (absent: active). */
    public Tenant replaceTenant(String id, TenantRequest request) {
        id("tenant", id, "id");
        sameId(id, required(request, "tenant").id());
        return update(id, name("tenant", request.name()), existingPlan(request.planId()),
                status(request.status(), TenantStatus.ACTIVE));
    }

    /** Changes what {@code changes} names and keeps the rest. */
    public Tenant changeTenant(String id, TenantChanges changes) {
        if (required(changes, "tenant").empty()) {
            throw invalid("Say what to change: 'name', 'plan_id' or 'status'.", null);
        }
        Tenant current = tenant(id);
        return update(id, changes.name() == null ? current.name() : name("tenant", changes.name()),
                changes.setsPlan() ? existingPlan(changes.planId()) : current.planId(),
                status(changes.status(), current.status()));
    }

    /** Refuses the tenant's calls (403 {@code tenant_suspended}); its keys are kept. */
    public Tenant suspendTenant(String id) {
        Tenant current = tenant(id);
        return update(id, current.name(), current.planId(), TenantStatus.SUSPENDED);
    }

    public Tenant activateTenant(String id) {
        Tenant current = tenant(id);
        return update(id, current.name(), current.planId(), TenantStatus.ACTIVE);
    }

    private Tenant update(String id, String name, String planId, TenantStatus status) {
        Tenant updated = store(() -> tenants.update(id, name, planId, status), null, null)
                .orElseThrow(() -> notFound("tenant", id, "id"));
        announce(AdminConfiguration.TENANTS, id, "tenant {} updated ({}, plan {})", id, status.id(), orNone(planId));
        return updated;
    }

    // ---- keys

    /** Issues a key; the returned secret is the only copy there will ever be. */
    public CreatedKey createKey(KeyRequest request) {
        required(request, "key");
        String tenantId = id("tenant", request.tenantId(), "tenant_id");
        tenants.get(tenantId).orElseThrow(() -> notFound("tenant", tenantId, "tenant_id"));
        String planId = request.planId() == null ? null : id("plan", request.planId(), "plan_id");
        if (planId != null && plans.get(planId).isEmpty()) {
            throw notFound("plan", planId, "plan_id");
        }
        String userId = label("user_id", request.userId());
        String service = label("service", request.service());
        String name = request.name() == null ? null : name("key", request.name());
        CreatedKey created = store(() -> keys.create(tenantId, userId, service, planId, name), null, null);
        ApiKey key = created.key();
        announce(AdminConfiguration.KEYS, key.id(), "key {} ({}) created for tenant {} (user {}, service {}, plan {})",
                key.id(), key.display(), tenantId, orNone(userId), orNone(service), orNone(planId));
        return created;
    }

    /** @param tenantId null: every tenant's keys */
    public List<ApiKey> keys(String tenantId) {
        if (tenantId == null) {
            return keys.listAll();
        }
        tenants.get(id("tenant", tenantId, "tenant_id")).orElseThrow(() -> notFound("tenant", tenantId, "tenant_id"));
        return keys.list(tenantId);
    }

    public ApiKey key(String id) {
        return keys.get(id("key", id, "id")).orElseThrow(() -> notFound("key", id, "id"));
    }

    /** Revokes a key for good; revoking a revoked key changes nothing and says so with its revocation time. */
    public ApiKey revokeKey(String id) {
        ApiKey key = key(id);
        if (key.revoked() || !keys.revoke(id)) {
            return key(id);
        }
        announce(AdminConfiguration.KEYS, id, "key {} ({}) of tenant {} revoked", id, key.display(), key.tenantId());
        return key(id);
    }

    /** A new key with the old one's bindings and name; the old one is revoked in the same transaction. */
    public CreatedKey rotateKey(String id) {
        ApiKey old = key(id);
        if (old.revoked()) {
            throw conflict("Key '" + id + "' is revoked; create a new key instead.", "id");
        }
        CreatedKey rotated = keys.rotate(id)
                .orElseThrow(() -> conflict("Key '" + id + "' is revoked; create a new key instead.", "id"));
        announce(AdminConfiguration.KEYS, id, "key {} ({}) of tenant {} rotated: replaced by key {} ({})", id,
                old.display(), old.tenantId(), rotated.key().id(), rotated.key().display());
        return rotated;
    }

    // ---- validation

    private Plan plan(PlanRequest request, String id) {
        String name = name("plan", request.name());
        nonNegative(request.maxTokensIn(), "max_tokens_in");
        nonNegative(request.maxTokensOut(), "max_tokens_out");
        Set<String> features = new HashSet<>();
        if (request.features() != null) {
            for (String feature : request.features()) {
                features.add(id("feature", notNull(feature, "features"), "features"));
            }
        }
        Map<String, List<String>> tiers = new LinkedHashMap<>();
        if (request.allowedTiers() != null) {
            request.allowedTiers().forEach((task, allowed) -> {
                id("task", task, "allowed_tiers");
                if (allowed == null) {
                    throw invalid("'allowed_tiers." + task + "' must be an array of tiers (omit the task to allow"
                            + " any tier).", "allowed_tiers");
                }
                tiers.put(task, allowed.stream()
                        .map(tier -> id("tier", notNull(tier, "allowed_tiers." + task), "allowed_tiers"))
                        .distinct().toList());
            });
        }
        return new Plan(id, name, request.maxTokensIn(), request.maxTokensOut(), features, tiers, null);
    }

    private static String notNull(String element, String array) {
        if (element == null) {
            throw invalid("'" + array + "' must not contain null.", array.startsWith("allowed_tiers") ? "allowed_tiers"
                    : array);
        }
        return element;
    }

    private String existingPlan(String planId) {
        if (planId == null) {
            return null;
        }
        id("plan", planId, "plan_id");
        if (plans.get(planId).isEmpty()) {
            throw notFound("plan", planId, "plan_id");
        }
        return planId;
    }

    private static String id(String what, String id, String param) {
        if (id == null) {
            throw invalid("'" + param + "' is required.", param);
        }
        try {
            return Ids.check(what, id);
        } catch (IllegalArgumentException e) {
            throw invalid(capitalized(e.getMessage()) + ".", param);
        }
    }

    private static String name(String what, String name) {
        if (name == null) {
            throw invalid("'name' is required.", "name");
        }
        try {
            String stripped = Ids.name(what, name);
            if (stripped.chars().anyMatch(Character::isISOControl)) {
                throw invalid("'name' must not contain control characters.", "name");
            }
            return stripped;
        } catch (IllegalArgumentException e) {
            throw invalid(capitalized(e.getMessage()) + ".", "name");
        }
    }

    /** user_id and service: letters, digits and {@code . _ - @ +}, so that e-mail addresses fit. */
    static String label(String param, String value) {
        if (value == null) {
            return null;
        }
        boolean ok = !value.isEmpty() && value.length() <= MAX_LABEL_LENGTH && value.chars().allMatch(c ->
                c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                        || c == '.' || c == '_' || c == '-' || c == '@' || c == '+');
        if (!ok) {
            throw invalid("'" + param + "' must be 1 to " + MAX_LABEL_LENGTH + " letters, digits, '.', '_', '-', '@'"
                    + " or '+'.", param);
        }
        return value;
    }

    private static TenantStatus status(String status, TenantStatus absent) {
        if (status == null) {
            return absent;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "active" -> TenantStatus.ACTIVE;
            case "suspended" -> TenantStatus.SUSPENDED;
            default -> throw invalid("'status' must be 'active' or 'suspended'.", "status");
        };
    }

    private static void nonNegative(Long value, String param) {
        if (value != null && value < 0) {
            throw invalid("'" + param + "' must not be negative (omit it for no limit).", param);
        }
    }

    private static void sameId(String pathId, String bodyId) {
        if (bodyId != null && !bodyId.equals(pathId)) {
            throw invalid("The body's 'id' (" + bodyId + ") differs from the path's; ids cannot be changed.", "id");
        }
    }

    private static <T> T required(T request, String what) {
        if (request == null) {
            throw invalid("Send the " + what + " as a JSON object.", null);
        }
        return request;
    }

    // ---- storing and announcing

    /**
     * Runs a store call, turning a duplicate id into 409 and what the stores refuse into 400. A
     * reference that vanished meanwhile (the plan deleted between check and insert) is 409 too.
     */
    private static <T> T store(Supplier<T> call, String duplicate, String param) {
        try {
            return call.get();
        } catch (DuplicateKeyException e) {
            throw conflict(duplicate == null ? "The change conflicts with another made at the same time." : duplicate,
                    param);
        } catch (DataIntegrityViolationException e) {
            throw conflict("The change conflicts with another made at the same time; check the referred ids.", param);
        } catch (IllegalArgumentException e) {
            throw invalid(capitalized(e.getMessage()) + ".", param);
        }
    }

    private void announce(String topic, String subject, String audit, Object... args) {
        log.info("Admin change: " + audit, args);
        try {
            changes.publish(topic, subject);
        } catch (IllegalStateException e) {
            log.error("Admin change to {} {} saved but not announced to other instances: {}", topic, subject,
                    e.getMessage());
            throw new GatewayException(ErrorKind.INTERNAL, "The change was saved but could not be announced to the"
                    + " other instances; they apply it when their caches expire (caravan.identity.cache-ttl).");
        }
    }

    private static GatewayException inUse(String id, PlanStore.PlanUsers users) {
        return conflict("Plan '" + id + "' is used by " + users.tenants() + " tenant(s) and " + users.keys()
                + " key(s), revoked keys included; move them to another plan first.", "id");
    }

    private static GatewayException notFound(String what, String id, String param) {
        return new GatewayException(ErrorKind.NOT_FOUND, "No " + what + " with id '" + id + "'.", param);
    }

    private static GatewayException conflict(String message, String param) {
        return new GatewayException(ErrorKind.CONFLICT, message, param);
    }

    private static GatewayException invalid(String message, String param) {
        return GatewayException.invalid(message, param);
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }

    private static String capitalized(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
