package dev.caravan.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Plans in the {@code plans} table ({@code V8__identity.sql}). Features and allowed tiers are
 * small JSON documents in text columns: portable, and read only when a key is loaded into the
 * authentication cache, never per request.
 */
public class PlanStore {

    static final String COLUMNS = "id, name, max_tokens_in, max_tokens_out, features, allowed_tiers, created_at";
    private static final String INSERT = "INSERT INTO plans (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM plans";
    private static final String UPDATE = "UPDATE plans SET name = ?, max_tokens_in = ?, max_tokens_out = ?,"
            + " features = ?, allowed_tiers = ? WHERE id = ?";
    /** The size of the {@code features} and {@code allowed_tiers} columns. */
    static final int MAX_JSON_LENGTH = 4000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, List<String>>> TIERS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public PlanStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates a plan; its id is the caller's. {@code createdAt} of the argument is ignored. */
    public Plan create(Plan plan) {
        check(plan);
        Plan stored = new Plan(plan.id(), plan.name().strip(), plan.maxTokensIn(), plan.maxTokensOut(),
                plan.features(), plan.allowedTiers(), Jdbc.now(clock));
        jdbc.update(INSERT, stored.id(), stored.name(), stored.maxTokensIn(), stored.maxTokensOut(),
                features(stored), tiers(stored), Jdbc.utc(stored.createdAt()));
        return stored;
    }

    /**
     * Replaces everything of the plan with this id but its creation time.
     *
     * @return the plan as stored; empty when there is no such plan
     */
    public Optional<Plan> update(Plan plan) {
        check(plan);
        int updated = jdbc.update(UPDATE, plan.name().strip(), plan.maxTokensIn(), plan.maxTokensOut(), features(plan),
                tiers(plan), plan.id());
        return updated == 1 ? get(plan.id()) : Optional.empty();
    }

    /**
     * Deletes a plan nothing refers to.
     *
     * @return false when there is no such plan
     * @throws org.springframework.dao.DataIntegrityViolationException when a tenant or a key
     *         (revoked ones included) still refers to it; see {@link #users}
     */
    public boolean delete(String id) {
        return jdbc.update("DELETE FROM plans WHERE id = ?", id) == 1;
    }

    /** How many tenants and keys (revoked ones included: they are kept for audit) refer to a plan. */
    public PlanUsers users(String id) {
        Long tenants = jdbc.queryForObject("SELECT COUNT(*) FROM tenants WHERE plan_id = ?", Long.class, id);
        Long keys = jdbc.queryForObject("SELECT COUNT(*) FROM api_keys WHERE plan_id = ?", Long.class, id);
        return new PlanUsers(tenants == null ? 0 : tenants, keys == null ? 0 : keys);
    }

    /** Who refers to a plan, and so keeps it from being deleted. */
    public record PlanUsers(long tenants, long keys) {

        public boolean none() {
            return tenants == 0 && keys == 0;
        }
    }

    public Optional<Plan> get(String id) {
        return jdbc.query(SELECT + " WHERE id = ?", PlanStore::map, id).stream().findFirst();
    }

    public List<Plan> list() {
        return jdbc.query(SELECT + " ORDER BY id", PlanStore::map);
    }

    static final RowMapper<Plan> MAPPER = PlanStore::map;

    static Plan map(ResultSet rs, int row) throws SQLException {
        return mapPrefixed(rs, "");
    }

    /** Reads a plan from columns named {@code <prefix>id}, {@code <prefix>name}, …; null when the id is null. */
    static Plan mapPrefixed(ResultSet rs, String prefix) throws SQLException {
        String id = rs.getString(prefix + "id");
        if (id == null) {
            return null;
        }
        return new Plan(id, rs.getString(prefix + "name"), Jdbc.nullableLong(rs, prefix + "max_tokens_in"),
                Jdbc.nullableLong(rs, prefix + "max_tokens_out"),
                Set.copyOf(read(rs.getString(prefix + "features"), STRINGS)),
                read(rs.getString(prefix + "allowed_tiers"), TIERS), Jdbc.instant(rs, prefix + "created_at"));
    }

    private static void check(Plan plan) {
        Ids.check("plan", plan.id());
        Ids.name("plan", plan.name());
        if (plan.maxTokensIn() != null && plan.maxTokensIn() < 0 || plan.maxTokensOut() != null && plan.maxTokensOut() < 0) {
            throw new IllegalArgumentException("plan token limits must not be negative");
        }
    }

    private static String features(Plan plan) {
        return fitting("features", write(new TreeSet<>(plan.features())));
    }

    private static String tiers(Plan plan) {
        return fitting("allowed_tiers", write(new TreeMap<>(plan.allowedTiers())));
    }

    private static String fitting(String what, String json) {
        if (json.length() > MAX_JSON_LENGTH) {
            throw new IllegalArgumentException("plan " + what + " must be at most " + MAX_JSON_LENGTH
                    + " characters as JSON");
        }
        return json;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("plan cannot be stored as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan column is not valid JSON", e);
        }
    }
}
