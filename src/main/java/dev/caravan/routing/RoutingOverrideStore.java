package dev.caravan.routing;

import dev.caravan.gateway.DaemonScheduler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing overrides, read from the {@code routing_overrides} table into an immutable
 * in-memory snapshot: the router looks overrides up per request without touching the database.
 * The snapshot is re-read every {@code caravan.routing.overrides-refresh} and on {@link #refresh()}
 * (after the admin API wrote the table through {@link #save} or {@link #delete}).
 *
 * <p>At {@link #start()} the configured overrides are inserted when no row exists yet for their
 * tenant and service: rows changed later (by the admin API) are never overwritten by config.
 * Without a database (or while it cannot be read) the configured overrides are used as they are.
 *
 * <p>A unique constraint on {@code (tenant, service)} does not stop two tenant-wide rows
 * (service NULL) in either H2 or PostgreSQL; the store checks before it inserts, and should two
 * rows exist anyway the most recently updated one wins.
 */
public class RoutingOverrideStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoutingOverrideStore.class);

    static final String SELECT_ALL = "SELECT tenant, service, strategy, prefer_provider, prefer_model"
            + " FROM routing_overrides ORDER BY updated_at, id";
    static final String EXISTS_TENANT = "SELECT COUNT(*) FROM routing_overrides WHERE tenant = ? AND service IS NULL";
    static final String EXISTS_SERVICE = "SELECT COUNT(*) FROM routing_overrides WHERE tenant = ? AND service = ?";
    static final String INSERT = "INSERT INTO routing_overrides"
            + " (tenant, service, strategy, prefer_provider, prefer_model, updated_at) VALUES (?, ?, ?, ?, ?, ?)";

    static final String UPDATE_TENANT = "UPDATE routing_overrides SET strategy = ?, prefer_provider = ?,"
            + " prefer_model = ?, updated_at = ? WHERE tenant = ? AND service IS NULL";
    static final String UPDATE_SERVICE = "UPDATE routing_overrides SET strategy = ?, prefer_provider = ?,"
            + " prefer_model = ?, updated_at = ? WHERE tenant = ? AND service = ?";
    static final String DELETE_TENANT = "DELETE FROM routing_overrides WHERE tenant = ? AND service IS NULL";
    static final String DELETE_SERVICE = "DELETE FROM routing_overrides WHERE tenant = ? AND service = ?";

    private static final String DUPLICATE_KEY_SQL_STATE = "23505";

    private final DataSource dataSource;
    private final List<RoutingOverride> seeds;
    private final Duration refreshInterval;
    private volatile Map<Key, RoutingOverride> snapshot;
    private volatile boolean lastReadFailed;
    private ScheduledExecutorService refresher;

    /**
     * @param dataSource null for a store that only knows the configured overrides
     */
    public RoutingOverrideStore(DataSource dataSource, RoutingProperties properties) {
        this.dataSource = dataSource;
        this.seeds = properties.overrides();
        this.refreshInterval = properties.overridesRefresh();
        this.snapshot = index(seeds);
    }

    /** A store without a database: exactly the given overrides. */
    public static RoutingOverrideStore inMemory(List<RoutingOverride> overrides) {
        return new RoutingOverrideStore(null, new RoutingProperties(null, overrides, 0, null));
    }

    /** Seeds the table, reads it, and re-reads it periodically. */
    public synchronized void start() {
        if (dataSource == null || refresher != null) {
            return;
        }
        seed();
        refreshQuietly(); // a database that cannot be read does not stop the gateway: config overrides apply
        refresher = DaemonScheduler.named("caravan-routing-overrides");
        long millis = refreshInterval.toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    /** The override for exactly this tenant and service ({@code service} null: the tenant-wide one). */
    public Optional<RoutingOverride> find(String tenant, String service) {
        if (tenant == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(snapshot.get(new Key(tenant, service)));
    }

    RoutingOverride get(String tenant, String service) {
        return tenant == null ? null : snapshot.get(new Key(tenant, service));
    }

    /** Every override currently in effect. */
    public List<RoutingOverride> all() {
        return List.copyOf(snapshot.values());
    }

    /**
     * Writes the override of its tenant and service (insert or replace) and re-reads the table.
     * Other instances see it on their next refresh, or at once when told (admin change feed).
     *
     * @throws IllegalStateException without a database, or when the write fails
     */
    public void save(RoutingOverride o) {
        requireDatabase();
        try (Connection c = dataSource.getConnection()) {
            if (update(c, o) == 0 && !insert(c, o)) {
                update(c, o); // inserted by someone else in between: replace theirs
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write routing_overrides: " + e.getMessage(), e);
        }
        refresh();
    }

    /**
     * Deletes the override of exactly this tenant and service ({@code service} null: the
     * tenant-wide one) and re-reads the table; returns whether one existed.
     */
    public boolean delete(String tenant, String service) {
        requireDatabase();
        int deleted;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(service == null ? DELETE_TENANT : DELETE_SERVICE)) {
            ps.setString(1, tenant);
            if (service != null) {
                ps.setString(2, service);
            }
            deleted = ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write routing_overrides: " + e.getMessage(), e);
        }
        refresh();
        return deleted > 0;
    }

    private void requireDatabase() {
        if (dataSource == null) {
            throw new IllegalStateException("routing overrides are read-only without a database");
        }
    }

    private static int update(Connection c, RoutingOverride o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(o.service() == null ? UPDATE_TENANT : UPDATE_SERVICE)) {
            setNullable(ps, 1, o.strategy() == null ? null : o.parsedStrategy().id());
            setNullable(ps, 2, o.preferProvider());
            setNullable(ps, 3, o.preferModel());
            ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setString(5, o.tenant());
            if (o.service() != null) {
                ps.setString(6, o.service());
            }
            return ps.executeUpdate();
        }
    }

    /** Inserts the configured overrides that have no row yet; returns how many were inserted. */
    public int seed() {
        if (dataSource == null) {
            return 0;
        }
        int inserted = 0;
        try (Connection c = dataSource.getConnection()) {
            for (RoutingOverride o : seeds) {
                if (!exists(c, o) && insert(c, o)) {
                    inserted++;
                }
            }
        } catch (SQLException e) {
            log.warn("Routing overrides: could not seed the routing_overrides table ({}); using the configured"
                    + " overrides until it can be read", e.getMessage());
        }
        if (inserted > 0) {
            log.info("Routing overrides: {} configured override(s) inserted", inserted);
        }
        return inserted;
    }

    /**
     * Re-reads the table now. On failure the previous snapshot stays in effect and the failure
     * is thrown (the periodic refresh logs it instead).
     */
    public void refresh() {
        if (dataSource == null) {
            return;
        }
        Map<Key, RoutingOverride> read = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT_ALL);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RoutingOverride o = toOverride(rs);
                if (o != null) {
                    read.put(new Key(o.tenant(), o.service()), o); // ordered by updated_at: the latest wins
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read routing_overrides: " + e.getMessage(), e);
        }
        snapshot = Map.copyOf(read);
        if (lastReadFailed) {
            log.info("Routing overrides: the routing_overrides table can be read again");
            lastReadFailed = false;
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            if (!lastReadFailed) {
                log.warn("Routing overrides: {}; keeping the overrides read last", e.getMessage());
                lastReadFailed = true;
            }
        }
    }

    private static RoutingOverride toOverride(ResultSet rs) throws SQLException {
        String tenant = rs.getString(1);
        String strategy = rs.getString(3);
        if (tenant == null || tenant.isBlank()) {
            return null;
        }
        if (strategy != null && !strategy.isBlank() && RoutingStrategy.parse(strategy).isEmpty()) {
            log.warn("Routing overrides: tenant '{}' names an unknown strategy; that field is ignored", tenant);
            strategy = null;
        }
        return new RoutingOverride(tenant, rs.getString(2), strategy, rs.getString(4), rs.getString(5));
    }

    private static boolean exists(Connection c, RoutingOverride o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(o.service() == null ? EXISTS_TENANT : EXISTS_SERVICE)) {
            ps.setString(1, o.tenant());
            if (o.service() != null) {
                ps.setString(2, o.service());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    private static boolean insert(Connection c, RoutingOverride o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, o.tenant());
            setNullable(ps, 2, o.service());
            setNullable(ps, 3, o.strategy() == null ? null : o.parsedStrategy().id());
            setNullable(ps, 4, o.preferProvider());
            setNullable(ps, 5, o.preferModel());
            ps.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY_SQL_STATE.equals(e.getSQLState())) {
                return false; // another instance seeded it first
            }
            throw e;
        }
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static Map<Key, RoutingOverride> index(List<RoutingOverride> overrides) {
        Map<Key, RoutingOverride> map = new HashMap<>();
        for (RoutingOverride o : overrides) {
            map.put(new Key(o.tenant(), o.service()), o);
        }
        return Map.copyOf(map);
    }

    private record Key(String tenant, String service) {
        Key {
            Objects.requireNonNull(tenant);
        }
    }
}
