package dev.caravan.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.gateway.GatewayException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * The HTTP side of the admin API for plans, tenants and keys ({@code admin-identity.camel.yaml}):
 * reads the path id, query and body, calls {@link AdminIdentityService}, writes the JSON reply.
 * Lists are {@code {"object": "list", "data": [...]}} as in OpenAI's API. Every reply starts from
 * an empty header set (platform-http would otherwise echo the request's headers), and a reply
 * carrying a new key's secret is marked {@code Cache-Control: no-store}.
 */
public class AdminIdentityRest {

    private final AdminIdentityService service;
    private final AdminIdentityJson json;
    private final long maxBodyBytes;

    public AdminIdentityRest(AdminIdentityService service, AdminIdentityJson json, long maxBodyBytes) {
        this.service = Objects.requireNonNull(service, "service");
        this.json = Objects.requireNonNull(json, "json");
        this.maxBodyBytes = maxBodyBytes;
    }

    // ---- plans

    public void createPlan(Exchange exchange) {
        PlanRequest request = json.bind(body(exchange), PlanRequest.class);
        reply(exchange, 201, PlanView.of(service.createPlan(request)));
    }

    public void listPlans(Exchange exchange) {
        reply(exchange, 200, list(service.plans().stream().map(PlanView::of).toList()));
    }

    public void getPlan(Exchange exchange) {
        reply(exchange, 200, PlanView.of(service.plan(id(exchange))));
    }

    public void replacePlan(Exchange exchange) {
        PlanRequest request = json.bind(body(exchange), PlanRequest.class);
        reply(exchange, 200, PlanView.of(service.replacePlan(id(exchange), request)));
    }

    public void deletePlan(Exchange exchange) {
        String id = id(exchange);
        service.deletePlan(id);
        reply(exchange, 200, deleted("plan", id));
    }

    // ---- tenants

    public void createTenant(Exchange exchange) {
        TenantRequest request = json.bind(body(exchange), TenantRequest.class);
        reply(exchange, 201, TenantView.of(service.createTenant(request)));
    }

    public void listTenants(Exchange exchange) {
        reply(exchange, 200, list(service.tenants().stream().map(TenantView::of).toList()));
    }

    public void getTenant(Exchange exchange) {
        reply(exchange, 200, TenantView.of(service.tenant(id(exchange))));
    }

    public void replaceTenant(Exchange exchange) {
        TenantRequest request = json.bind(body(exchange), TenantRequest.class);
        reply(exchange, 200, TenantView.of(service.replaceTenant(id(exchange), request)));
    }

    /** PATCH: a present {@code "plan_id": null} removes the plan; a missing one keeps it. */
    public void changeTenant(Exchange exchange) {
        JsonNode body = body(exchange);
        if (body.has("id") && !body.get("id").asText().equals(id(exchange))) {
            throw GatewayException.invalid("The body's 'id' differs from the path's; ids cannot be changed.", "id");
        }
        TenantRequest fields = json.bind(body, TenantRequest.class);
        reply(exchange, 200, TenantView.of(service.changeTenant(id(exchange),
                new TenantChanges(fields.name(), body.has("plan_id"), fields.planId(), fields.status()))));
    }

    public void suspendTenant(Exchange exchange) {
        reply(exchange, 200, TenantView.of(service.suspendTenant(id(exchange))));
    }

    public void activateTenant(Exchange exchange) {
        reply(exchange, 200, TenantView.of(service.activateTenant(id(exchange))));
    }

    // ---- keys

    public void createKey(Exchange exchange) {
        KeyRequest request = json.bind(body(exchange), KeyRequest.class);
        replyWithSecret(exchange, 201, KeyView.created(service.createKey(request)));
    }

    /** {@code GET /api/admin/keys?tenant_id=}: one tenant's keys, or every key without it. */
    public void listKeys(Exchange exchange) {
        String tenantId = exchange.getMessage().getHeader("tenant_id", String.class);
        List<KeyView> keys = service.keys(tenantId == null || tenantId.isBlank() ? null : tenantId).stream()
                .map(KeyView::of).toList();
        reply(exchange, 200, list(keys));
    }

    public void getKey(Exchange exchange) {
        reply(exchange, 200, KeyView.of(service.key(id(exchange))));
    }

    public void revokeKey(Exchange exchange) {
        reply(exchange, 200, KeyView.of(service.revokeKey(id(exchange))));
    }

    public void rotateKey(Exchange exchange) {
        replyWithSecret(exchange, 200, KeyView.created(service.rotateKey(id(exchange))));
    }

    // ---- plumbing

    private static String id(Exchange exchange) {
        return exchange.getMessage().getHeader("id", String.class);
    }

    private static Map<String, Object> deleted(String object, String id) {
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("object", object);
        deleted.put("id", id);
        deleted.put("deleted", true);
        return deleted;
    }

    /**
     * Marks the reply {@code Cache-Control: no-store}: no proxy or browser cache may keep the
     * secret. Set on the servlet response itself, because platform-http's header filter drops a
     * {@code Cache-Control} message header.
     */
    private void replyWithSecret(Exchange exchange, int status, KeyView view) {
        reply(exchange, status, view);
        if (exchange.getIn() instanceof PlatformHttpMessage http) {
            http.getResponse().setHeader("Cache-Control", "no-store");
        }
    }

    private JsonNode body(Exchange exchange) {
        return json.readObject(AdminHttp.body(exchange, maxBodyBytes));
    }

    private static Map<String, Object> list(List<?> data) {
        return AdminHttp.list(data);
    }

    private void reply(Exchange exchange, int status, Object value) {
        AdminHttp.reply(exchange, status, json.write(value));
    }
}
