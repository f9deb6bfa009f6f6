package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.admin.AdminConfiguration;
import dev.caravan.admin.ChangeFeed;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.Authenticator;
import dev.caravan.identity.Identity;
import dev.caravan.identity.KeyHasher;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The admin API for plans, tenants and keys over plain HTTP, with the gateway's own authenticator
 * (and a second, Spring-less one on the same database, standing in for another instance) checking
 * that what the API does takes effect. Ids carry a random suffix: the context is shared.
 */
@GatewayTest
class AdminIdentityE2ETest extends GatewayHttp {

    static final String ADMIN = "Bearer test-admin-key-0123456789abcdef0123456789";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Authenticator authenticator;
    @Autowired
    KeyHasher hasher;
    @Autowired
    DataSource dataSource;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    Reply send(String method, String path, String body, String authorization, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Reply(response.statusCode(), json, response);
    }

    Reply admin(String method, String path, String body) throws Exception {
        return send(method, path, body, ADMIN);
    }

    /** A plan, a tenant on it and a key of that tenant; returns the key's creation reply. */
    Reply planTenantKey(String tenant) throws Exception {
        assertThat(admin("POST", "/api/admin/plans", """
                {"id": "plan-%s", "name": "Plan", "max_tokens_in": 1000, "max_tokens_out": 200,
                 "features": ["tools"], "allowed_tiers": {"quiz": ["small"]}}""".formatted(tenant)).status())
                .isEqualTo(201);
        assertThat(admin("POST", "/api/admin/tenants", """
                {"id": "%s", "name": "Tenant %s", "plan_id": "plan-%s"}""".formatted(tenant, tenant, tenant))
                .status()).isEqualTo(201);
        Reply key = admin("POST", "/api/admin/keys", """
                {"tenant_id": "%s", "user_id": "alice", "service": "billing", "name": "e2e"}""".formatted(tenant));
        assertThat(key.status()).as(key.raw().body()).isEqualTo(201);
        return key;
    }

    static GatewayException refusal(ErrorKind kind, Runnable call) {
        GatewayException e = catchThrowableOfType(GatewayException.class, call::run);
        assertThat(e).as("expected %s", kind).isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        return e;
    }

    @Test
    void should_issue_a_key_that_authenticates_as_its_tenant_and_stops_when_revoked() throws Exception {
        String tenant = "acme-" + run;

        Reply created = planTenantKey(tenant);
        String secret = created.body().get("secret").asText();
        String id = created.body().get("id").asText();
        Identity identity = authenticator.identify("Bearer " + secret, null, false);

        assertThat(secret).startsWith("ck-");
        assertThat(created.raw().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(created.raw().headers().firstValue("Authorization")).isEmpty();
        assertThat(created.body().get("prefix").asText()).isEqualTo(secret.substring(0, 11) + "…");
        assertThat(identity.caller().tenant()).isEqualTo(tenant);
        assertThat(identity.caller().user()).isEqualTo("alice");
        assertThat(identity.caller().keyId()).isEqualTo(id);
        assertThat(identity.plan().id()).isEqualTo("plan-" + tenant);
        assertThat(identity.plan().allowsTier("quiz", "large")).isFalse();

        Reply revoked = admin("POST", "/api/admin/keys/" + id + "/revoke", null);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("status").asText()).isEqualTo("revoked");
        assertThat(revoked.body().get("revoked_at").isNull()).isFalse();
        assertThat(refusal(ErrorKind.UNAUTHORIZED, () -> authenticator.identify("Bearer " + secret, null, false))
                .getMessage()).doesNotContain(secret);
    }

    @Test
    void should_never_show_the_secret_or_its_hash_when_listing_or_reading_keys() throws Exception {
        String tenant = "list-" + run;
        Reply created = planTenantKey(tenant);
        String secret = created.body().get("secret").asText();
        String id = created.body().get("id").asText();

        Reply list = admin("GET", "/api/admin/keys?tenant_id=" + tenant, null);
        Reply all = admin("GET", "/api/admin/keys", null);
        Reply one = admin("GET", "/api/admin/keys/" + id, null);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("object").asText()).isEqualTo("list");
        assertThat(list.body().get("data")).hasSize(1);
        JsonNode listed = list.body().get("data").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(id);
        assertThat(listed.get("tenant_id").asText()).isEqualTo(tenant);
        assertThat(listed.get("service").asText()).isEqualTo("billing");
        assertThat(listed.get("name").asText()).isEqualTo("e2e");
        assertThat(listed.has("secret")).isFalse();
        assertThat(all.body().get("data").findValuesAsText("id")).contains(id);
        assertThat(one.body().get("prefix").asText()).hasSize(12).endsWith("…");
        for (Reply reply : List.of(list, all, one)) {
            assertThat(reply.raw().body()).doesNotContain(secret).doesNotContain(hasher.hash(secret))
                    .doesNotContain("secret");
        }
        assertThat(admin("GET", "/api/admin/keys?tenant_id=nobody-" + run, null).status()).isEqualTo(404);
    }

    @Test
    void should_refuse_a_suspended_tenants_key_at_once_and_accept_it_again_when_activated() throws Exception {
        String tenant = "susp-" + run;
        String secret = planTenantKey(tenant).body().get("secret").asText();
        authenticator.identify("Bearer " + secret, null, false); // cached now

        Reply suspended = admin("POST", "/api/admin/tenants/" + tenant + "/suspend", null);

        assertThat(suspended.body().get("status").asText()).isEqualTo("suspended");
        refusal(ErrorKind.TENANT_SUSPENDED, () -> authenticator.identify("Bearer " + secret, null, false));

        Reply activated = admin("PATCH", "/api/admin/tenants/" + tenant, "{\"status\": \"active\"}");

        assertThat(activated.status()).isEqualTo(200);
        assertThat(activated.body().get("plan_id").asText()).isEqualTo("plan-" + tenant); // PATCH kept the plan
        assertThat(authenticator.identify("Bearer " + secret, null, false).caller().tenant()).isEqualTo(tenant);
    }

    @Test
    void should_give_the_new_key_and_revoke_the_old_when_rotating() throws Exception {
        String tenant = "rot-" + run;
        Reply created = planTenantKey(tenant);
        String oldSecret = created.body().get("secret").asText();

        Reply rotated = admin("POST", "/api/admin/keys/" + created.body().get("id").asText() + "/rotate", null);

        String newSecret = rotated.body().get("secret").asText();
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.raw().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(rotated.body().get("user_id").asText()).isEqualTo("alice");
        assertThat(authenticator.identify("Bearer " + newSecret, null, false).caller().tenant()).isEqualTo(tenant);
        refusal(ErrorKind.UNAUTHORIZED, () -> authenticator.identify("Bearer " + oldSecret, null, false));
        assertThat(admin("POST", "/api/admin/keys/" + created.body().get("id").asText() + "/rotate", null).status())
                .isEqualTo(409);
    }

    @Test
    void should_apply_a_revocation_on_another_instance_after_one_poll() throws Exception {
        String tenant = "other-" + run;
        // another instance: its own key cache (an hour, so only the feed can clear it) and feed on the same database
        Authenticator elsewhere = new Authenticator(new ApiKeyStore(dataSource, hasher, Clock.systemUTC()), hasher,
                Duration.ofHours(1), 100);
        ChangeFeed feed = new ChangeFeed(dataSource, Duration.ofSeconds(1), Duration.ofDays(1), Clock.systemUTC());
        feed.subscribe(AdminConfiguration.KEYS, change -> elsewhere.forgetAll());
        feed.poll(); // starts after the changes made so far
        Reply created = planTenantKey(tenant);
        String secret = created.body().get("secret").asText();
        assertThat(elsewhere.identify("Bearer " + secret, null, false).caller().tenant()).isEqualTo(tenant);

        admin("POST", "/api/admin/keys/" + created.body().get("id").asText() + "/revoke", null);

        assertThat(elsewhere.identify("Bearer " + secret, null, false).caller().tenant())
                .as("still cached there until it polls").isEqualTo(tenant);
        assertThat(feed.poll()).isPositive();
        refusal(ErrorKind.UNAUTHORIZED, () -> elsewhere.identify("Bearer " + secret, null, false));
    }

    @Test
    void should_answer_401_in_openai_format_when_the_admin_key_is_missing_or_wrong() throws Exception {
        List<Reply> replies = new ArrayList<>();
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer ck-abc", "test-admin-key-0123456789abcdef0123456789"}) {
            replies.add(send("GET", "/api/admin/plans", null, authorization));
            replies.add(send("POST", "/api/admin/keys", "{\"tenant_id\": \"acme\"}", authorization));
            replies.add(send("POST", "/api/admin/tenants/acme/suspend", null, authorization));
        }

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.body().at("/error/code").asText()).isEqualTo("invalid_api_key");
            assertThat(reply.raw().body()).doesNotContain("test-admin-key");
            assertThat(reply.raw().headers().firstValue("Authorization")).isEmpty();
        });
    }

    @Test
    void should_answer_400_404_409_and_415_with_clear_messages_when_the_request_is_wrong() throws Exception {
        String tenant = "bad-" + run;
        planTenantKey(tenant);

        Reply notJson = admin("POST", "/api/admin/tenants", "{nope");
        Reply unknownField = admin("POST", "/api/admin/tenants", "{\"id\": \"x-" + run + "\", \"name\": \"X\", \"plan\": \"p\"}");
        Reply badId = admin("POST", "/api/admin/plans", "{\"id\": \"no spaces\", \"name\": \"X\"}");
        Reply unknownPlan = admin("POST", "/api/admin/tenants", "{\"id\": \"y-" + run + "\", \"name\": \"Y\", \"plan_id\": \"none-" + run + "\"}");
        Reply duplicate = admin("POST", "/api/admin/tenants", "{\"id\": \"" + tenant + "\", \"name\": \"Again\"}");
        Reply planInUse = admin("DELETE", "/api/admin/plans/plan-" + tenant, null);
        Reply unknownKey = admin("POST", "/api/admin/keys/key_missing/revoke", null);
        Reply text = send("POST", "/api/admin/plans", null, ADMIN, "Content-Type", "text/plain");

        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body().at("/error/param").asText()).isEqualTo("plan");
        assertThat(unknownField.body().at("/error/message").asText()).contains("plan_id");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body().at("/error/param").asText()).isEqualTo("id");
        assertThat(unknownPlan.status()).isEqualTo(404);
        assertThat(unknownPlan.body().at("/error/code").asText()).isEqualTo("not_found");
        assertThat(unknownPlan.body().at("/error/param").asText()).isEqualTo("plan_id");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().at("/error/code").asText()).isEqualTo("conflict");
        assertThat(planInUse.status()).isEqualTo(409);
        assertThat(planInUse.body().at("/error/message").asText()).contains("1 tenant(s) and 0 key(s)");
        assertThat(unknownKey.status()).isEqualTo(404);
        assertThat(text.status()).isEqualTo(415);
    }

    @Test
    void should_read_replace_and_delete_plans_and_tenants() throws Exception {
        String plan = "crud-" + run;
        Reply created = admin("POST", "/api/admin/plans", "{\"id\": \"" + plan + "\", \"name\": \"Crud\"}");
        Reply replaced = admin("PUT", "/api/admin/plans/" + plan,
                "{\"name\": \"Crud 2\", \"max_tokens_out\": 50, \"allowed_tiers\": {\"LLM2_DRAFT\": [\"large\"]}}");
        Reply read = admin("GET", "/api/admin/plans/" + plan, null);
        Reply tenant = admin("POST", "/api/admin/tenants",
                "{\"id\": \"t-" + plan + "\", \"name\": \"T\", \"plan_id\": \"" + plan + "\", \"status\": \"suspended\"}");
        Reply unplanned = admin("PATCH", "/api/admin/tenants/t-" + plan, "{\"plan_id\": null}");
        Reply tenants = admin("GET", "/api/admin/tenants", null);
        Reply deleted = admin("DELETE", "/api/admin/plans/" + plan, null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(read.body().get("name").asText()).isEqualTo("Crud 2");
        assertThat(read.body().get("max_tokens_out").asLong()).isEqualTo(50);
        assertThat(read.body().get("max_tokens_in").isNull()).isTrue();
        assertThat(read.body().at("/allowed_tiers/LLM2_DRAFT/0").asText()).isEqualTo("large");
        assertThat(read.body().get("created_at").asText()).isEqualTo(created.body().get("created_at").asText());
        assertThat(tenant.body().get("status").asText()).isEqualTo("suspended");
        assertThat(unplanned.body().get("plan_id").isNull()).isTrue();
        assertThat(unplanned.body().get("status").asText()).isEqualTo("suspended");
        assertThat(tenants.body().get("data").findValuesAsText("id")).contains("t-" + plan);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
        assertThat(admin("GET", "/api/admin/plans/" + plan, null).status()).isEqualTo(404);
    }
}
