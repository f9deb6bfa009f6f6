package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.support.TestH2;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadAccessTest {

    static final String ADMIN = "admin-key-0123456789abcdef0123456789";

    HikariDataSource dataSource;
    TenantStore tenants;
    ApiKeyStore keys;
    Authenticator authenticator;

    @BeforeEach
    void setUp() {
        dataSource = TestH2.migrated("read_access");
        tenants = new TenantStore(dataSource, Clock.systemUTC());
        KeyHasher hasher = new KeyHasher(null);
        keys = new ApiKeyStore(dataSource, hasher, Clock.systemUTC());
        authenticator = new Authenticator(keys, hasher, Duration.ofMillis(1), 100);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    ReadAccess access(String adminKey, String bindAddress) {
        DevMode devMode = new DevMode(true, bindAddress, keys::countActive, Duration.ofMillis(1), Clock.systemUTC());
        return new ReadAccess(new AdminKey(adminKey, devMode), authenticator);
    }

    @Test
    void should_see_everything_when_the_admin_key_is_sent() {
        assertThat(access(ADMIN, "0.0.0.0").resolve("Bearer " + ADMIN)).isEqualTo(ReadScope.all());
    }

    @Test
    void should_see_only_its_tenant_when_a_tenants_key_is_sent() {
        tenants.create("acme", "Acme", null);
        CreatedKey key = keys.create("acme", "alice", null, null);

        ReadScope scope = access(ADMIN, "0.0.0.0").resolve("Bearer " + key.secret());

        assertThat(scope).isEqualTo(ReadScope.tenant("acme"));
        assertThat(scope.isAll()).isFalse();
    }

    @Test
    void should_refuse_with_401_when_no_credential_is_sent_and_an_admin_key_is_configured() {
        assertUnauthorized(() -> access(ADMIN, "127.0.0.1").resolve(null));
        assertUnauthorized(() -> access(ADMIN, "127.0.0.1").resolve("Bearer "));
    }

    @Test
    void should_refuse_with_401_when_the_credential_is_neither_the_admin_key_nor_a_known_key() {
        tenants.create("acme", "Acme", null);
        CreatedKey revoked = keys.create("acme", null, null, null);
        keys.revoke(revoked.key().id());

        ReadAccess access = access(ADMIN, "0.0.0.0");
        assertUnauthorized(() -> access.resolve("Bearer not-the-admin-key"));
        assertUnauthorized(() -> access.resolve("Bearer ck-short"));
        assertUnauthorized(() -> access.resolve("Bearer " + ApiKeySecrets.generate()));
        assertUnauthorized(() -> access.resolve("Bearer " + revoked.secret()));
    }

    @Test
    void should_refuse_with_403_when_the_keys_tenant_is_suspended() {
        tenants.create("acme", "Acme", null);
        CreatedKey key = keys.create("acme", null, null, null);
        tenants.suspend("acme");

        assertThatThrownBy(() -> access(ADMIN, "0.0.0.0").resolve("Bearer " + key.secret()))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TENANT_SUSPENDED));
    }

    @Test
    void should_see_everything_without_a_credential_only_in_dev_mode() {
        assertThat(access(null, "127.0.0.1").resolve(null)).isEqualTo(ReadScope.all());
        assertUnauthorized(() -> access(null, "0.0.0.0").resolve(null));

        tenants.create("acme", "Acme", null);
        keys.create("acme", null, null, null);
        assertUnauthorized(() -> access(null, "127.0.0.1").resolve(null));
    }

    @Test
    void should_force_the_tenant_filter_to_a_tenants_own_and_refuse_another() {
        ReadScope acme = ReadScope.tenant("acme");

        assertThat(acme.tenantFilter(null)).isEqualTo("acme");
        assertThat(acme.tenantFilter(" ")).isEqualTo("acme");
        assertThat(acme.tenantFilter("acme")).isEqualTo("acme");
        assertThatThrownBy(() -> acme.tenantFilter("globex")).isInstanceOfSatisfying(GatewayException.class,
                e -> {
                    assertThat(e.param()).isEqualTo("tenant");
                    assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
                });
        assertThat(ReadScope.all().tenantFilter(null)).isNull();
        assertThat(ReadScope.all().tenantFilter("globex")).isEqualTo("globex");
    }

    private static void assertUnauthorized(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
    }
}
