package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every identity database must do, run against H2 by {@link IdentityStoreH2Test} and against
 * PostgreSQL by {@link IdentityStorePostgresIT}: plans, tenants, and keys created, found by
 * secret, listed without secrets or hashes, revoked and rotated; hashes unique. Subclasses provide
 * migrated, empty identity tables before each test.
 */
abstract class IdentityStoreContract {

    static final Instant T0 = Instant.parse("2025-03-14T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    protected abstract DataSource dataSource();

    PlanStore plans() {
        return new PlanStore(dataSource(), CLOCK);
    }

    TenantStore tenants() {
        return new TenantStore(dataSource(), CLOCK);
    }

    ApiKeyStore keys() {
        return new ApiKeyStore(dataSource(), new KeyHasher(KeyHasherTest.PEPPER), CLOCK);
    }

    JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    Plan gold() {
        return plans().create(new Plan("gold", "Gold", 8000L, 2000L, Set.of("streaming", "tools"),
                Map.of("chat", List.of("small", "medium")), null));
    }

    @Test
    void should_read_back_a_plan_when_created() {
        Plan created = gold();
        plans().create(new Plan("free", "Free", null, null, null, null, null));

        assertThat(plans().get("gold")).contains(created);
        assertThat(created.createdAt()).isEqualTo(T0);
        assertThat(created.allowsTier("chat", "medium")).isTrue();
        assertThat(created.allowsTier("chat", "large")).isFalse();
        assertThat(created.allowsTier("code", "large")).isTrue();
        assertThat(plans().get("free").orElseThrow().maxTokensIn()).isNull();
        assertThat(plans().list()).extracting(Plan::id).containsExactly("free", "gold");
        assertThat(plans().get("none")).isEmpty();
    }

    @Test
    void should_suspend_and_activate_a_tenant_when_asked() {
        gold();
        Tenant acme = tenants().create("acme", "Acme Corp", "gold");

        assertThat(acme.active()).isTrue();
        assertThat(tenants().suspend("acme")).isTrue();
        assertThat(tenants().get("acme").orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(tenants().activate("acme")).isTrue();
        assertThat(tenants().get("acme")).contains(acme);
        assertThat(tenants().suspend("nobody")).isFalse();
        assertThat(tenants().list()).containsExactly(acme);
    }

    @Test
    void should_refuse_a_tenant_when_its_plan_does_not_exist() {
        assertThatThrownBy(() -> tenants().create("acme", "Acme", "missing"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void should_find_the_key_with_its_tenant_and_plan_when_given_its_secret() {
        gold();
        Tenant acme = tenants().create("acme", "Acme", "gold");

        CreatedKey created = keys().create("acme", "alice", "billing", null);
        ResolvedKey found = keys().findBySecret(created.secret()).orElseThrow();

        assertThat(found.key()).isEqualTo(created.key());
        assertThat(found.key().prefix()).isEqualTo(created.secret().substring(3, 11));
        assertThat(found.key().userId()).isEqualTo("alice");
        assertThat(found.key().service()).isEqualTo("billing");
        assertThat(found.tenant()).isEqualTo(acme);
        assertThat(found.plan().id()).isEqualTo("gold");
        assertThat(keys().countActive()).isEqualTo(1);
    }

    @Test
    void should_use_the_keys_own_plan_when_it_overrides_the_tenants() {
        gold();
        plans().create(new Plan("trial", "Trial", 100L, 100L, null, null, null));
        tenants().create("acme", "Acme", "gold");
        tenants().create("solo", "Solo", null);

        CreatedKey override = keys().create("acme", null, null, "trial");
        CreatedKey none = keys().create("solo", null, null, null);

        assertThat(keys().findBySecret(override.secret()).orElseThrow().plan().id()).isEqualTo("trial");
        assertThat(keys().findBySecret(none.secret()).orElseThrow().plan()).isNull();
    }

    @Test
    void should_find_nothing_when_the_secret_is_unknown_malformed_or_hashed_with_another_pepper() {
        tenants().create("acme", "Acme", null);
        CreatedKey created = keys().create("acme", null, null, null);
        ApiKeyStore unpeppered = new ApiKeyStore(dataSource(), new KeyHasher(null), CLOCK);

        assertThat(keys().findBySecret(ApiKeySecrets.generate())).isEmpty();
        assertThat(keys().findBySecret("ck-nope")).isEmpty();
        assertThat(keys().findBySecret(null)).isEmpty();
        assertThat(unpeppered.findBySecret(created.secret())).isEmpty();
    }

    @Test
    void should_store_only_the_hash_and_the_prefix_when_a_key_is_created() {
        tenants().create("acme", "Acme", null);
        CreatedKey created = keys().create("acme", null, null, null);

        Map<String, Object> row = jdbc().queryForMap("SELECT * FROM api_keys WHERE id = ?", created.key().id());

        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(created.secret()));
        assertThat(row.get("secret_hash")).isEqualTo(new KeyHasher(KeyHasherTest.PEPPER).hash(created.secret()));
        assertThat(created.toString()).doesNotContain(created.secret());
    }

    @Test
    void should_list_prefixes_only_when_listing_a_tenants_keys() {
        tenants().create("acme", "Acme", null);
        tenants().create("other", "Other", null);
        CreatedKey first = keys().create("acme", "alice", null, null);
        CreatedKey second = keys().create("acme", "bob", null, null);
        keys().create("other", null, null, null);

        List<ApiKey> listed = keys().list("acme");

        assertThat(listed).extracting(ApiKey::id).containsExactlyInAnyOrder(first.key().id(), second.key().id());
        assertThat(listed).allSatisfy(k -> {
            assertThat(k.toString()).doesNotContain(first.secret()).doesNotContain(second.secret())
                    .doesNotContain(new KeyHasher(KeyHasherTest.PEPPER).hash(first.secret()))
                    .doesNotContain(new KeyHasher(KeyHasherTest.PEPPER).hash(second.secret()));
            assertThat(k.display()).startsWith("ck-").endsWith("…").hasSize(12);
        });
        assertThat(ApiKey.class.getRecordComponents()).extracting(c -> c.getName())
                .doesNotContain("secret", "hash", "secretHash");
    }

    @Test
    void should_find_nothing_when_the_key_is_revoked() {
        tenants().create("acme", "Acme", null);
        CreatedKey created = keys().create("acme", null, null, null);

        assertThat(keys().revoke(created.key().id())).isTrue();

        assertThat(keys().findBySecret(created.secret())).isEmpty();
        assertThat(keys().revoke(created.key().id())).isFalse();
        assertThat(keys().get(created.key().id()).orElseThrow().revokedAt()).isEqualTo(T0);
        assertThat(keys().list("acme")).hasSize(1);
        assertThat(keys().countActive()).isZero();
    }

    @Test
    void should_revoke_the_old_key_and_issue_a_new_one_with_the_same_binding_when_rotating() {
        gold();
        tenants().create("acme", "Acme", null);
        CreatedKey old = keys().create("acme", "alice", "billing", "gold");

        CreatedKey rotated = keys().rotate(old.key().id()).orElseThrow();

        assertThat(rotated.secret()).isNotEqualTo(old.secret());
        assertThat(rotated.key().id()).isNotEqualTo(old.key().id());
        assertThat(rotated.key()).extracting(ApiKey::tenantId, ApiKey::userId, ApiKey::service, ApiKey::planId)
                .containsExactly("acme", "alice", "billing", "gold");
        assertThat(keys().findBySecret(old.secret())).isEmpty();
        assertThat(keys().findBySecret(rotated.secret())).isPresent();
        assertThat(keys().rotate(old.key().id())).isEmpty();
        assertThat(keys().rotate("key_missing")).isEmpty();
    }

    @Test
    void should_refuse_a_second_row_with_the_same_hash() {
        tenants().create("acme", "Acme", null);
        CreatedKey created = keys().create("acme", null, null, null);
        String hash = jdbc().queryForObject("SELECT secret_hash FROM api_keys WHERE id = ?", String.class,
                created.key().id());

        assertThatThrownBy(() -> jdbc().update("INSERT INTO api_keys (id, prefix, secret_hash, tenant_id, created_at)"
                + " VALUES ('key_copy', 'x', ?, 'acme', CURRENT_TIMESTAMP)", hash))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void should_record_the_last_use_when_touched() {
        tenants().create("acme", "Acme", null);
        CreatedKey created = keys().create("acme", null, null, null);

        keys().touch(created.key().id());

        assertThat(keys().get(created.key().id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
    }

    @Test
    void should_refuse_a_key_when_its_tenant_does_not_exist() {
        assertThatThrownBy(() -> keys().create("nobody", null, null, null))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void should_replace_a_plan_but_keep_its_creation_time_when_updated() {
        Plan created = gold();

        Plan replaced = plans().update(new Plan("gold", " Gold 2 ", null, 500L, Set.of("tools"),
                Map.of("quiz", List.of("large")), null)).orElseThrow();

        assertThat(replaced).isEqualTo(new Plan("gold", "Gold 2", null, 500L, Set.of("tools"),
                Map.of("quiz", List.of("large")), created.createdAt()));
        assertThat(plans().get("gold")).contains(replaced);
        assertThat(plans().update(new Plan("none", "None", null, null, null, null, null))).isEmpty();
        assertThatThrownBy(() -> plans().update(new Plan("gold", "Gold", -1L, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_refuse_a_plan_when_its_features_do_not_fit_the_column() {
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            many.add("feature-" + i);
        }
        assertThatThrownBy(() -> plans().create(new Plan("big", "Big", null, null, many, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
        assertThat(plans().get("big")).isEmpty();
    }

    @Test
    void should_delete_a_plan_only_when_no_tenant_or_key_refers_to_it() {
        gold();
        plans().create(new Plan("trial", "Trial", null, null, null, null, null));
        plans().create(new Plan("spare", "Spare", null, null, null, null, null));
        tenants().create("acme", "Acme", "gold");
        CreatedKey key = keys().create("acme", null, null, "trial");
        keys().revoke(key.key().id());

        assertThat(plans().users("gold")).isEqualTo(new PlanStore.PlanUsers(1, 0));
        assertThat(plans().users("trial")).isEqualTo(new PlanStore.PlanUsers(0, 1)); // revoked keys count
        assertThat(plans().users("spare").none()).isTrue();
        assertThatThrownBy(() -> plans().delete("gold")).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> plans().delete("trial")).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(plans().delete("spare")).isTrue();
        assertThat(plans().delete("spare")).isFalse();
        assertThat(plans().list()).extracting(Plan::id).containsExactly("gold", "trial");
    }

    @Test
    void should_create_a_suspended_tenant_and_replace_its_fields_when_updated() {
        gold();
        Tenant created = tenants().create("acme", "Acme", null, TenantStatus.SUSPENDED);

        Tenant updated = tenants().update("acme", " Acme Corp ", "gold", TenantStatus.ACTIVE).orElseThrow();

        assertThat(created.status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(updated).isEqualTo(new Tenant("acme", "Acme Corp", TenantStatus.ACTIVE, "gold", created.createdAt()));
        assertThat(tenants().get("acme")).contains(updated);
        assertThat(tenants().update("nobody", "Nobody", null, TenantStatus.ACTIVE)).isEmpty();
        assertThatThrownBy(() -> tenants().update("acme", "Acme", "missing", TenantStatus.ACTIVE))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void should_keep_a_keys_name_when_listed_found_and_rotated() {
        tenants().create("acme", "Acme", null);
        tenants().create("other", "Other", null);
        CreatedKey named = keys().create("acme", null, null, null, " batch job ");
        CreatedKey other = keys().create("other", null, null, null);

        CreatedKey rotated = keys().rotate(named.key().id()).orElseThrow();

        assertThat(named.key().name()).isEqualTo("batch job");
        assertThat(keys().get(named.key().id()).orElseThrow().name()).isEqualTo("batch job");
        assertThat(keys().findBySecret(rotated.secret()).orElseThrow().key().name()).isEqualTo("batch job");
        assertThat(other.key().name()).isNull();
        assertThat(keys().listAll()).extracting(ApiKey::id)
                .containsExactlyInAnyOrder(named.key().id(), other.key().id(), rotated.key().id());
    }
}
