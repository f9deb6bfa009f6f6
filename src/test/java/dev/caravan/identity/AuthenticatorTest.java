package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.support.TestH2;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The authenticator over a real (in-memory H2) key store; no Spring. */
class AuthenticatorTest {

    private HikariDataSource dataSource;
    private ApiKeyStore keys;
    private TenantStore tenants;
    private KeyHasher hasher;
    private CreatedKey alice;
    private CreatedKey billing;

    @BeforeEach
    void setUp() {
        dataSource = TestH2.migrated("auth");
        hasher = new KeyHasher(KeyHasherTest.PEPPER);
        keys = new ApiKeyStore(dataSource, hasher, Clock.systemUTC());
        tenants = new TenantStore(dataSource, Clock.systemUTC());
        new PlanStore(dataSource, Clock.systemUTC()).create(new Plan("gold", "Gold", 8000L, 2000L, Set.of("tools"),
                Map.of("chat", List.of("small")), null));
        tenants.create("acme", "Acme", "gold");
        alice = keys.create("acme", "alice", null, null);
        billing = keys.create("acme", null, "billing", null);
    }

    @AfterEach
    void tearDown() {
        new JdbcTemplate(dataSource).execute("SHUTDOWN");
        dataSource.close();
    }

    Authenticator authenticator() {
        return new Authenticator(keys, hasher, Duration.ofSeconds(30), 1000);
    }

    static String bearer(CreatedKey key) {
        return "Bearer " + key.secret();
    }

    GatewayException refusal(Authenticator authenticator, String authorization, String serviceKey, boolean devMode) {
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> authenticator.authenticate(authorization, serviceKey, devMode));
        assertThat(e).as("refused").isNotNull();
        for (String secret : List.of(alice.secret(), billing.secret())) {
            assertThat(e.getMessage()).doesNotContain(secret).doesNotContain(secret.substring(3, 11));
        }
        for (String sent : new String[] {authorization, serviceKey}) {
            if (sent != null && sent.strip().length() > "Bearer ".length()) {
                assertThat(e.getMessage()).doesNotContain(sent.strip());
            }
        }
        return e;
    }

    @Test
    void should_return_the_keys_caller_and_plan_when_the_bearer_key_is_valid() {
        Identity identity = authenticator().identify(bearer(alice), null, false);

        assertThat(identity.caller()).isEqualTo(new Caller("acme", "alice", null, alice.key().id()));
        assertThat(identity.plan().id()).isEqualTo("gold");
        assertThat(authenticator().authenticate("bearer   " + alice.secret() + "  ", null, false).keyId())
                .isEqualTo(alice.key().id());
    }

    @Test
    void should_return_the_service_when_a_service_key_is_sent_in_x_service_key() {
        Caller caller = authenticator().authenticate("Bearer sdk-placeholder", billing.secret(), false);

        assertThat(caller).isEqualTo(new Caller("acme", null, "billing", billing.key().id()));
    }

    @Test
    void should_refuse_with_401_when_x_service_key_holds_a_key_without_a_service() {
        GatewayException e = refusal(authenticator(), null, alice.secret(), false);

        assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
    }

    @Test
    void should_refuse_with_401_invalid_api_key_when_no_key_is_sent_outside_dev_mode() {
        for (String missing : new String[] {null, "", "  ", "Bearer ", "Bearer    "}) {
            GatewayException e = refusal(authenticator(), missing, null, false);

            assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
            assertThat(e.kind().status()).isEqualTo(401);
            assertThat(e.kind().type()).isEqualTo("invalid_request_error");
            assertThat(e.kind().code()).isEqualTo("invalid_api_key");
            assertThat(e.getMessage()).isEqualTo(Authenticator.MISSING);
        }
    }

    @Test
    void should_return_the_anonymous_caller_when_no_key_is_sent_in_dev_mode() {
        assertThat(authenticator().authenticate(null, null, true)).isEqualTo(Caller.anonymous());
        assertThat(authenticator().identify(null, "", true)).isEqualTo(Identity.anonymous());
    }

    @Test
    void should_ignore_a_token_that_is_no_caravan_key_where_anonymous_calls_are_accepted() {
        assertThat(authenticator().identify("Bearer sk-placeholder-of-an-sdk", null, true)).isEqualTo(Identity.anonymous());
        assertThat(refusal(authenticator(), "Bearer sk-placeholder-of-an-sdk", null, false).kind())
                .isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(refusal(authenticator(), "Bearer ck-truncated", null, true).kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(refusal(authenticator(), null, "not-a-key", true).kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
    }

    @Test
    void should_still_check_a_key_when_one_is_sent_in_dev_mode() {
        assertThat(refusal(authenticator(), "Bearer " + ApiKeySecrets.generate(), null, true).kind())
                .isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(authenticator().authenticate(bearer(alice), null, true).tenant()).isEqualTo("acme");
    }

    @Test
    void should_refuse_with_401_when_the_key_is_malformed() {
        String almost = alice.secret().substring(0, alice.secret().length() - 1) + "!";
        for (String header : new String[] {"Basic " + alice.secret(), alice.secret(), "Bearer sk-123",
                "Bearer " + almost, "Bearer " + alice.secret() + "x", "Token abc"}) {
            GatewayException e = refusal(authenticator(), header, null, false);

            assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
            assertThat(e.getMessage()).isEqualTo(Authenticator.INVALID);
        }
    }

    @Test
    void should_refuse_with_401_when_the_key_is_unknown() {
        String unknown = ApiKeySecrets.generate();

        GatewayException e = refusal(authenticator(), "Bearer " + unknown, null, false);

        assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(e.getMessage()).isEqualTo(Authenticator.INVALID).doesNotContain(unknown.substring(3, 11));
    }

    @Test
    void should_refuse_with_401_when_the_key_is_revoked() {
        keys.revoke(alice.key().id());

        GatewayException e = refusal(authenticator(), bearer(alice), null, false);

        assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
        assertThat(e.getMessage()).isEqualTo(Authenticator.INVALID);
    }

    @Test
    void should_refuse_with_403_tenant_suspended_when_the_keys_tenant_is_suspended() {
        tenants.suspend("acme");

        GatewayException e = refusal(authenticator(), bearer(alice), null, false);

        assertThat(e.kind()).isEqualTo(ErrorKind.TENANT_SUSPENDED);
        assertThat(e.kind().status()).isEqualTo(403);
        assertThat(e.kind().code()).isEqualTo("tenant_suspended");
    }

    @Test
    void should_answer_from_the_cache_until_forgotten_when_a_key_is_revoked_after_use() {
        Authenticator authenticator = authenticator();
        authenticator.authenticate(bearer(alice), null, false);

        keys.revoke(alice.key().id());

        assertThat(authenticator.authenticate(bearer(alice), null, false).keyId()).isEqualTo(alice.key().id());
        authenticator.forgetKey(alice.key().id());
        assertThat(refusal(authenticator, bearer(alice), null, false).kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
    }

    @Test
    void should_refuse_at_once_after_forgetting_the_tenant_when_it_is_suspended_after_use() {
        Authenticator authenticator = authenticator();
        authenticator.authenticate(bearer(alice), null, false);

        tenants.suspend("acme");
        authenticator.forgetTenant("acme");

        assertThat(refusal(authenticator, bearer(alice), null, false).kind()).isEqualTo(ErrorKind.TENANT_SUSPENDED);
    }

    @Test
    void should_reload_after_the_ttl_when_a_key_is_revoked_elsewhere() {
        Authenticator authenticator = new Authenticator(keys, hasher, Duration.ofMillis(1), 1000);
        authenticator.authenticate(bearer(alice), null, false);

        keys.revoke(alice.key().id());

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(refusal(authenticator, bearer(alice), null, false).kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
    }

    @Test
    void should_record_the_last_use_when_a_key_is_loaded() {
        authenticator().authenticate(bearer(alice), null, false);

        assertThat(keys.get(alice.key().id()).orElseThrow().lastUsedAt()).isNotNull();
        assertThat(keys.get(billing.key().id()).orElseThrow().lastUsedAt()).isNull();
    }
}
