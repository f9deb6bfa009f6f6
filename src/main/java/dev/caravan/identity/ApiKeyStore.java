package dev.caravan.identity;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Virtual API keys in the {@code api_keys} table ({@code V8__identity.sql}).
 *
 * <p>Only the hash of a secret is stored ({@link KeyHasher}); the secret is returned once, by
 * {@link #create} and {@link #rotate}, and cannot be recovered. Nothing this class returns
 * besides those two carries a secret or a hash: {@link ApiKey} has neither.
 *
 * <p>{@link #findBySecret} looks the hash up through the unique index; comparing it there is not
 * a timing leak worth closing, since an attacker learns at most how many leading hash characters
 * of a 256-bit random secret they guessed, which says nothing about any other secret. The stored
 * hash is still compared again in constant time before a key is accepted.
 *
 * <p>{@link #touch} writes {@code last_used_at} on every call it gets; {@link Authenticator}
 * calls it only when it loads a key into its cache, so the column is accurate to the cache's ttl
 * and costs one update per key, instance and ttl rather than one per request.
 */
public class ApiKeyStore {

    private static final String COLUMNS = "id, prefix, tenant_id, user_id, service, plan_id, created_at, revoked_at,"
            + " last_used_at, name";
    private static final String INSERT = "INSERT INTO api_keys (id, prefix, secret_hash, tenant_id, user_id, service,"
            + " plan_id, created_at, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT k.id, k.prefix, k.secret_hash, k.tenant_id, k.user_id, k.service,"
            + " k.plan_id, k.created_at, k.revoked_at, k.last_used_at, k.name,"
            + " t.id AS t_id, t.name AS t_name, t.status AS t_status, t.plan_id AS t_plan_id,"
            + " t.created_at AS t_created_at,"
            + " p.id AS p_id, p.name AS p_name, p.max_tokens_in AS p_max_tokens_in, p.max_tokens_out AS p_max_tokens_out,"
            + " p.features AS p_features, p.allowed_tiers AS p_allowed_tiers, p.created_at AS p_created_at"
            + " FROM api_keys k JOIN tenants t ON t.id = k.tenant_id"
            + " LEFT JOIN plans p ON p.id = COALESCE(k.plan_id, t.plan_id)"
            + " WHERE k.secret_hash = ? AND k.revoked_at IS NULL";
    private static final String REVOKE = "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KeyHasher hasher;
    private final Clock clock;

    public ApiKeyStore(DataSource dataSource, KeyHasher hasher, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Issues a key for {@code tenantId}, optionally bound to a user and a service and with a plan
     * of its own. The returned secret is the only copy.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException when the tenant or plan
     *         does not exist
     */
    public CreatedKey create(String tenantId, String userId, String service, String planId) {
        return create(tenantId, userId, service, planId, null);
    }

    /** As {@link #create(String, String, String, String)}, with the operator's label for the key (null: none). */
    public CreatedKey create(String tenantId, String userId, String service, String planId, String name) {
        return insert(tenantId, userId, service, planId, name, Jdbc.now(clock));
    }

    /** The active key whose secret this is, with its tenant and plan; empty when unknown or revoked. */
    public Optional<ResolvedKey> findBySecret(String secret) {
        if (!ApiKeySecrets.isWellFormed(secret)) {
            return Optional.empty();
        }
        return findByHash(hasher.hash(secret));
    }

    /** As {@link #findBySecret}, for a hash already computed (by the authentication cache). */
    public Optional<ResolvedKey> findByHash(String hash) {
        return jdbc.query(FIND, (rs, row) -> resolved(rs, hash), hash).stream()
                .filter(Objects::nonNull).findFirst();
    }

    public Optional<ApiKey> get(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", (rs, row) -> key(rs), id)
                .stream().findFirst();
    }

    /** A tenant's keys, newest first, revoked ones included: ids and display prefixes only. */
    public List<ApiKey> list(String tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY created_at DESC, id",
                (rs, row) -> key(rs), tenantId);
    }

    /** Every tenant's keys, newest first, revoked ones included: ids and display prefixes only. */
    public List<ApiKey> listAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at DESC, id", (rs, row) -> key(rs));
    }

    /** Keys that still work, across all tenants: what decides whether dev mode may apply. */
    public long countActive() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL", Long.class);
        return count == null ? 0 : count;
    }

    /** @return false when there is no such key or it was already revoked */
    public boolean revoke(String id) {
        return jdbc.update(REVOKE, Jdbc.utc(Jdbc.now(clock)), id) == 1;
    }

    /**
     * Replaces an active key with a new one bound to the same tenant, user, service and plan (and
     * with the same name), and revokes the old one, in one transaction.
     *
     * @return the new key and its secret; empty when there is no such active key
     */
    public Optional<CreatedKey> rotate(String id) {
        return transactions.execute(status -> {
            Instant now = Jdbc.now(clock);
            Optional<ApiKey> old = get(id).filter(k -> !k.revoked());
            if (old.isEmpty() || jdbc.update(REVOKE, Jdbc.utc(now), id) != 1) {
                return Optional.empty();
            }
            ApiKey k = old.get();
            return Optional.of(insert(k.tenantId(), k.userId(), k.service(), k.planId(), k.name(), now));
        });
    }

    /** Records that the key was just used (see the class comment for how often this is called). */
    public void touch(String id) {
        jdbc.update("UPDATE api_keys SET last_used_at = ? WHERE id = ?", Jdbc.utc(Jdbc.now(clock)), id);
    }

    private CreatedKey insert(String tenantId, String userId, String service, String planId, String name,
            Instant now) {
        Objects.requireNonNull(tenantId, "tenantId");
        String secret = ApiKeySecrets.generate();
        ApiKey key = new ApiKey(Ids.generate("key_"), ApiKeySecrets.displayPrefix(secret), tenantId, blankToNull(userId),
                blankToNull(service), blankToNull(planId), now, null, null, blankToNull(name));
        jdbc.update(INSERT, key.id(), key.prefix(), hasher.hash(secret), key.tenantId(), key.userId(), key.service(),
                key.planId(), Jdbc.utc(now), key.name());
        return new CreatedKey(secret, key);
    }

    private static ResolvedKey resolved(ResultSet rs, String hash) throws SQLException {
        String stored = rs.getString("secret_hash");
        if (!MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        return new ResolvedKey(key(rs), TenantStore.map(rs, "t_"), PlanStore.mapPrefixed(rs, "p_"));
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("prefix"), rs.getString("tenant_id"),
                rs.getString("user_id"), rs.getString("service"), rs.getString("plan_id"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "revoked_at"), Jdbc.instant(rs, "last_used_at"),
                rs.getString("name"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
