package dev.caravan.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.admin.ChangeFeed.Change;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.identity.ApiKey;
import dev.caravan.identity.ApiKeySecrets;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.CreatedKey;
import dev.caravan.identity.KeyHasher;
import dev.caravan.identity.Plan;
import dev.caravan.identity.PlanStore;
import dev.caravan.identity.Tenant;
import dev.caravan.identity.TenantStatus;
import dev.caravan.identity.TenantStore;
import dev.caravan.support.TestH2;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** The admin service over real stores on a fresh in-memory H2, with the change feed it announces on; no Spring. */
class AdminIdentityServiceTest {

    private HikariDataSource db;
    private ApiKeyStore keyStore;
    private ChangeFeed feed;
    private AdminIdentityService admin;
    private final List<Change> announced = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AdminIdentityService.class);

    @BeforeEach
    void setUp() {
        db = TestH2.migrated("admin_identity");
        keyStore = new ApiKeyStore(db, new KeyHasher(null), Clock.systemUTC());
        feed = new ChangeFeed(db, Duration.ofSeconds(1), Duration.ofDays(1), Clock.systemUTC());
        for (String topic : List.of(AdminConfiguration.PLANS, AdminConfiguration.TENANTS, AdminConfiguration.KEYS)) {
            feed.subscribe(topic, announced::add);
        }
        admin = service(feed);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(log);
        new JdbcTemplate(db).execute("SHUTDOWN");
        db.close();
    }

    private AdminIdentityService service(ChangeFeed changes) {
        return new AdminIdentityService(new PlanStore(db, Clock.systemUTC()), new TenantStore(db, Clock.systemUTC()),
                keyStore, changes);
    }

    static GatewayException refusal(ErrorKind kind, Executable call) {
        GatewayException e = catchThrowableOfType(GatewayException.class, call::execute);
        assertThat(e).as("expected %s", kind).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        return e;
    }

    private Plan gold() {
        return admin.createPlan(new PlanRequest("gold", "Gold", 8000L, 2000L, List.of("tools"),
                Map.of("quiz", List.of("small", "medium"))));
    }

    private List<String> auditLines() {
        return log.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage).toList();
    }

    // ---- plans

    @Test
    void should_create_and_announce_a_plan_when_it_is_valid() {
        Plan created = gold();

        assertThat(admin.plan("gold")).isEqualTo(created);
        assertThat(created.allowsTier("quiz", "medium")).isTrue();
        assertThat(created.allowsTier("quiz", "large")).isFalse();
        assertThat(admin.plans()).containsExactly(created);
        assertThat(announced).containsExactly(new Change("plan", "gold"));
        assertThat(auditLines()).containsExactly("Admin change: plan gold created");
    }

    @Test
    void should_refuse_a_plan_with_409_when_its_id_is_taken() {
        gold();

        GatewayException e = refusal(ErrorKind.CONFLICT, () -> gold());

        assertThat(e.param()).isEqualTo("id");
        assertThat(announced).hasSize(1);
    }

    @Test
    void should_refuse_a_plan_with_400_naming_the_field_when_a_field_is_bad() {
        record Case(PlanRequest request, String param) { }
        for (Case c : List.of(
                new Case(new PlanRequest(null, "Gold", null, null, null, null), "id"),
                new Case(new PlanRequest("go ld", "Gold", null, null, null, null), "id"),
                new Case(new PlanRequest("g".repeat(65), "Gold", null, null, null, null), "id"),
                new Case(new PlanRequest("gold", null, null, null, null, null), "name"),
                new Case(new PlanRequest("gold", "  ", null, null, null, null), "name"),
                new Case(new PlanRequest("gold", "Gold", -1L, null, null, null), "max_tokens_in"),
                new Case(new PlanRequest("gold", "Gold", null, -5L, null, null), "max_tokens_out"),
                new Case(new PlanRequest("gold", "Gold", null, null, List.of("a b"), null), "features"),
                new Case(new PlanRequest("gold", "Gold", null, null, Arrays.asList("tools", null), null), "features"),
                new Case(new PlanRequest("gold", "Gold", null, null, null,
                        Map.of("quiz", Arrays.asList("small", null))), "allowed_tiers"),
                new Case(new PlanRequest("gold", "Gold", null, null, null, Map.of("quiz", List.of("x/y"))),
                        "allowed_tiers"),
                new Case(new PlanRequest("gold", "Gold", null, null, null, Collections.singletonMap("quiz",
                        null)), "allowed_tiers"))) {
            GatewayException e = refusal(ErrorKind.INVALID_REQUEST, () -> admin.createPlan(c.request()));
            assertThat(e.param()).as(c.toString()).isEqualTo(c.param());
        }
        assertThat(admin.plans()).isEmpty();
        assertThat(announced).isEmpty();
        refusal(ErrorKind.INVALID_REQUEST, () -> admin.createPlan(null));
    }

    @Test
    void should_replace_a_plan_and_keep_its_creation_time() {
        Plan created = gold();

        Plan replaced = admin.replacePlan("gold", new PlanRequest(null, "Gold+", null, 100L, null, null));

        assertThat(replaced).isEqualTo(new Plan("gold", "Gold+", null, 100L, null, null, created.createdAt()));
        assertThat(announced).containsExactly(new Change("plan", "gold"), new Change("plan", "gold"));
        assertThat(refusal(ErrorKind.NOT_FOUND,
                () -> admin.replacePlan("nope", new PlanRequest(null, "N", null, null, null, null))).param())
                .isEqualTo("id");
        assertThat(refusal(ErrorKind.INVALID_REQUEST,
                () -> admin.replacePlan("gold", new PlanRequest("silver", "S", null, null, null, null))).getMessage())
                .contains("cannot be changed");
    }

    @Test
    void should_delete_a_plan_only_when_nothing_refers_to_it() {
        gold();
        admin.createPlan(new PlanRequest("spare", "Spare", null, null, null, null));
        admin.createTenant(new TenantRequest("acme", "Acme", "gold", null));

        GatewayException inUse = refusal(ErrorKind.CONFLICT, () -> admin.deletePlan("gold"));
        admin.deletePlan("spare");

        assertThat(inUse.getMessage()).contains("1 tenant(s) and 0 key(s)");
        assertThat(admin.plans()).extracting(Plan::id).containsExactly("gold");
        assertThat(announced).endsWith(new Change("plan", "spare"));
        refusal(ErrorKind.NOT_FOUND, () -> admin.deletePlan("spare"));
    }

    // ---- tenants

    @Test
    void should_create_a_tenant_on_a_plan_and_announce_it() {
        gold();

        Tenant acme = admin.createTenant(new TenantRequest("acme", "Acme Corp", "gold", null));
        Tenant frozen = admin.createTenant(new TenantRequest("frozen", "Frozen", null, "SUSPENDED"));

        assertThat(acme).extracting(Tenant::status, Tenant::planId).containsExactly(TenantStatus.ACTIVE, "gold");
        assertThat(frozen.status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(admin.tenants()).containsExactly(acme, frozen);
        assertThat(admin.tenant("acme")).isEqualTo(acme);
        assertThat(announced).endsWith(new Change("tenant", "acme"), new Change("tenant", "frozen"));
    }

    @Test
    void should_refuse_a_tenant_when_its_plan_is_unknown_its_id_taken_or_its_status_bad() {
        admin.createTenant(new TenantRequest("acme", "Acme", null, null));

        assertThat(refusal(ErrorKind.NOT_FOUND,
                () -> admin.createTenant(new TenantRequest("beta", "Beta", "platinum", null))).param())
                .isEqualTo("plan_id");
        assertThat(refusal(ErrorKind.CONFLICT,
                () -> admin.createTenant(new TenantRequest("acme", "Acme", null, null))).param()).isEqualTo("id");
        assertThat(refusal(ErrorKind.INVALID_REQUEST,
                () -> admin.createTenant(new TenantRequest("beta", "Beta", null, "paused"))).param())
                .isEqualTo("status");
        assertThat(refusal(ErrorKind.INVALID_REQUEST,
                () -> admin.createTenant(new TenantRequest("beta", "Be\u0000ta", null, null))).param())
                .isEqualTo("name");
        refusal(ErrorKind.NOT_FOUND, () -> admin.tenant("beta"));
        assertThat(admin.tenants()).extracting(Tenant::id).containsExactly("acme");
    }

    @Test
    void should_replace_all_of_a_tenant_on_put_and_only_what_is_sent_on_patch() {
        gold();
        admin.createTenant(new TenantRequest("acme", "Acme", "gold", "suspended"));

        Tenant patched = admin.changeTenant("acme", new TenantChanges("Acme Corp", false, null, null));
        Tenant unplanned = admin.changeTenant("acme", new TenantChanges(null, true, null, null));
        Tenant replaced = admin.replaceTenant("acme", new TenantRequest(null, "ACME", "gold", null));

        assertThat(patched).extracting(Tenant::name, Tenant::planId, Tenant::status)
                .containsExactly("Acme Corp", "gold", TenantStatus.SUSPENDED);
        assertThat(unplanned).extracting(Tenant::name, Tenant::planId, Tenant::status)
                .containsExactly("Acme Corp", null, TenantStatus.SUSPENDED);
        assertThat(replaced).extracting(Tenant::name, Tenant::planId, Tenant::status)
                .containsExactly("ACME", "gold", TenantStatus.ACTIVE); // PUT: absent status is active
        refusal(ErrorKind.INVALID_REQUEST, () -> admin.changeTenant("acme", new TenantChanges(null, false, null, null)));
        refusal(ErrorKind.NOT_FOUND, () -> admin.changeTenant("nobody", new TenantChanges("N", false, null, null)));
        refusal(ErrorKind.NOT_FOUND, () -> admin.changeTenant("acme", new TenantChanges(null, true, "platinum", null)));
    }

    @Test
    void should_suspend_and_activate_a_tenant_and_announce_each_change() {
        admin.createTenant(new TenantRequest("acme", "Acme", null, null));
        announced.clear();

        assertThat(admin.suspendTenant("acme").status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(admin.activateTenant("acme").status()).isEqualTo(TenantStatus.ACTIVE);

        assertThat(announced).containsExactly(new Change("tenant", "acme"), new Change("tenant", "acme"));
        assertThat(auditLines()).contains("Admin change: tenant acme updated (suspended, plan none)");
        refusal(ErrorKind.NOT_FOUND, () -> admin.suspendTenant("nobody"));
        refusal(ErrorKind.INVALID_REQUEST, () -> admin.activateTenant("no body"));
    }

    // ---- keys

    @Test
    void should_issue_a_key_whose_secret_resolves_to_it_and_never_log_the_secret() {
        gold();
        admin.createTenant(new TenantRequest("acme", "Acme", null, null));

        CreatedKey created = admin.createKey(new KeyRequest("acme", "alice@acme.test", "billing", "gold", "Billing"));

        assertThat(ApiKeySecrets.isWellFormed(created.secret())).isTrue();
        assertThat(created.key()).extracting(ApiKey::tenantId, ApiKey::userId, ApiKey::service, ApiKey::planId,
                ApiKey::name).containsExactly("acme", "alice@acme.test", "billing", "gold", "Billing");
        assertThat(keyStore.findBySecret(created.secret()).orElseThrow().key().id()).isEqualTo(created.key().id());
        assertThat(announced).endsWith(new Change("key", created.key().id()));
        assertThat(auditLines()).anyMatch(l -> l.contains(created.key().id()) && l.contains("created for tenant acme"));
        assertThat(log.list).noneMatch(e -> e.getFormattedMessage().contains(created.secret()));
    }

    @Test
    void should_refuse_a_key_when_its_tenant_or_plan_is_unknown_or_a_label_is_bad() {
        admin.createTenant(new TenantRequest("acme", "Acme", null, null));

        assertThat(refusal(ErrorKind.NOT_FOUND, () -> admin.createKey(new KeyRequest("nobody", null, null, null, null)))
                .param()).isEqualTo("tenant_id");
        assertThat(refusal(ErrorKind.NOT_FOUND, () -> admin.createKey(new KeyRequest("acme", null, null, "gold", null)))
                .param()).isEqualTo("plan_id");
        assertThat(refusal(ErrorKind.INVALID_REQUEST, () -> admin.createKey(new KeyRequest(null, null, null, null, null)))
                .param()).isEqualTo("tenant_id");
        assertThat(refusal(ErrorKind.INVALID_REQUEST,
                () -> admin.createKey(new KeyRequest("acme", "alice:*", null, null, null))).param()).isEqualTo("user_id");
        assertThat(refusal(ErrorKind.INVALID_REQUEST,
                () -> admin.createKey(new KeyRequest("acme", null, "", null, null))).param()).isEqualTo("service");
        assertThat(admin.keys(null)).isEmpty();
        assertThat(announced).extracting(Change::topic).doesNotContain("key");
    }

    @Test
    void should_list_one_tenants_keys_or_all_and_404_for_an_unknown_tenant() {
        admin.createTenant(new TenantRequest("acme", "Acme", null, null));
        admin.createTenant(new TenantRequest("beta", "Beta", null, null));
        CreatedKey a = admin.createKey(new KeyRequest("acme", null, null, null, null));
        CreatedKey b = admin.createKey(new KeyRequest("beta", null, null, null, null));

        assertThat(admin.keys("acme")).extracting(ApiKey::id).containsExactly(a.key().id());
        assertThat(admin.keys(null)).extracting(ApiKey::id).containsExactlyInAnyOrder(a.key().id(), b.key().id());
        assertThat(admin.key(b.key().id())).isEqualTo(b.key());
        refusal(ErrorKind.NOT_FOUND, () -> admin.keys("nobody"));
        refusal(ErrorKind.NOT_FOUND, () -> admin.key("key_missing"));
    }

    @Test
    void should_revoke_a_key_once_and_announce_it() {
        admin.createTenant(new TenantRequest("acme", "Acme", null, null));
        CreatedKey created = admin.createKey(new KeyRequest("acme", null, null, null, null));
        announced.clear();

        ApiKey revoked = admin.revokeKey(created.key().id());
        ApiKey again = admin.revokeKey(created.key().id());

        assertThat(revoked.revoked()).isTrue();
        assertThat(again.revokedAt()).isEqualTo(revoked.revokedAt());
        assertThat(keyStore.findBySecret(created.secret())).isEmpty();
        assertThat(announced).containsExactly(new Change("key", created.key().id())); // the second changed nothing
        refusal(ErrorKind.NOT_FOUND, () -> admin.revokeKey("key_missing"));
    }

    @Test
    void should_rotate_a_key_into_a_new_secret_with_the_same_bindings_and_revoke_the_old() {
        gold();
        admin.createTenant(new TenantRequest("acme", "Acme", null, null));
        CreatedKey old = admin.createKey(new KeyRequest("acme", "alice", "billing", "gold", "Billing"));

        CreatedKey rotated = admin.rotateKey(old.key().id());

        assertThat(rotated.secret()).isNotEqualTo(old.secret());
        assertThat(rotated.key()).extracting(ApiKey::tenantId, ApiKey::userId, ApiKey::service, ApiKey::planId,
                ApiKey::name).containsExactly("acme", "alice", "billing", "gold", "Billing");
        assertThat(admin.key(old.key().id()).revoked()).isTrue();
        assertThat(keyStore.findBySecret(old.secret())).isEmpty();
        assertThat(keyStore.findBySecret(rotated.secret())).isPresent();
        assertThat(announced).endsWith(new Change("key", old.key().id()));
        assertThat(log.list).noneMatch(e -> e.getFormattedMessage().contains(rotated.secret()));
        assertThat(refusal(ErrorKind.CONFLICT, () -> admin.rotateKey(old.key().id())).getMessage()).contains("revoked");
    }

    @Test
    void should_fail_with_500_but_keep_the_change_when_it_cannot_be_announced() {
        admin.createTenant(new TenantRequest("acme", "Acme", null, null));
        ChangeFeed broken = new ChangeFeed(db, Duration.ofSeconds(1), Duration.ofDays(1), Clock.systemUTC()) {
            @Override
            public void publish(String topic, String subject) {
                throw new IllegalStateException("database gone");
            }
        };

        GatewayException e = refusal(ErrorKind.INTERNAL, () -> service(broken).suspendTenant("acme"));

        assertThat(e.getMessage()).contains("saved").contains("cache-ttl");
        assertThat(admin.tenant("acme").status()).isEqualTo(TenantStatus.SUSPENDED);
    }
}
