package dev.caravan.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tenants in the {@code tenants} table ({@code V8__identity.sql}). Suspending keeps the tenant
 * and its keys; calls are refused (403 {@code tenant_suspended}) once the authentication caches
 * of every instance have let go of its keys (see {@link Authenticator}).
 */
public class TenantStore {

    static final String COLUMNS = "id, name, status, plan_id, created_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM tenants";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public TenantStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates an active tenant. @param planId null: no plan */
    public Tenant create(String id, String name, String planId) {
        return create(id, name, planId, TenantStatus.ACTIVE);
    }

    /**
     * Creates a tenant with the given status. @param planId null: no plan
     *
     * @throws org.springframework.dao.DuplicateKeyException when the id is taken
     * @throws org.springframework.dao.DataIntegrityViolationException when the plan does not exist
     */
    public Tenant create(String id, String name, String planId, TenantStatus status) {
        Tenant tenant = new Tenant(Ids.check("tenant", id), Ids.name("tenant", name),
                Objects.requireNonNull(status, "status"), planId, Jdbc.now(clock));
        jdbc.update("INSERT INTO tenants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", tenant.id(), tenant.name(),
                tenant.status().id(), tenant.planId(), Jdbc.utc(tenant.createdAt()));
        return tenant;
    }

    public Optional<Tenant> get(String id) {
        return jdbc.query(SELECT + " WHERE id = ?", (rs, row) -> map(rs, ""), id).stream().findFirst();
    }

    public List<Tenant> list() {
        return jdbc.query(SELECT + " ORDER BY id", (rs, row) -> map(rs, ""));
    }

    /** @return false when there is no such tenant */
    public boolean suspend(String id) {
        return setStatus(id, TenantStatus.SUSPENDED);
    }

    /** @return false when there is no such tenant */
    public boolean activate(String id) {
        return setStatus(id, TenantStatus.ACTIVE);
    }

    /**
     * Replaces the name, plan and status of a tenant (its creation time stays).
     *
     * @return the tenant as stored; empty when there is no such tenant
     * @throws org.springframework.dao.DataIntegrityViolationException when the plan does not exist
     */
    public Optional<Tenant> update(String id, String name, String planId, TenantStatus status) {
        int updated = jdbc.update("UPDATE tenants SET name = ?, plan_id = ?, status = ? WHERE id = ?",
                Ids.name("tenant", name), planId, Objects.requireNonNull(status, "status").id(), id);
        return updated == 1 ? get(id) : Optional.empty();
    }

    /** @return false when there is no such tenant */
    public boolean changePlan(String id, String planId) {
        return jdbc.update("UPDATE tenants SET plan_id = ? WHERE id = ?", planId, id) == 1;
    }

    private boolean setStatus(String id, TenantStatus status) {
        return jdbc.update("UPDATE tenants SET status = ? WHERE id = ?", status.id(), id) == 1;
    }

    static Tenant map(ResultSet rs, String prefix) throws SQLException {
        return new Tenant(rs.getString(prefix + "id"), rs.getString(prefix + "name"),
                TenantStatus.of(rs.getString(prefix + "status")), rs.getString(prefix + "plan_id"),
                Jdbc.instant(rs, prefix + "created_at"));
    }
}
