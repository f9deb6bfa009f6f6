package dev.caravan.admin;

import dev.caravan.routing.ModelOverride;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code model_overrides} table: one row per model the admin API changed, NULL fields from configuration. */
public class ModelOverrideStore {

    static final String COLUMNS = "model_id, enabled, priority, input_price_per_1m, output_price_per_1m,"
            + " latency_budget_ms, updated_at";
    static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM model_overrides ORDER BY model_id";
    static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM model_overrides WHERE model_id = ?";
    static final String UPDATE = "UPDATE model_overrides SET enabled = ?, priority = ?, input_price_per_1m = ?,"
            + " output_price_per_1m = ?, latency_budget_ms = ?, updated_at = ? WHERE model_id = ?";
    static final String INSERT = "INSERT INTO model_overrides (enabled, priority, input_price_per_1m,"
            + " output_price_per_1m, latency_budget_ms, updated_at, model_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
    static final String DELETE = "DELETE FROM model_overrides WHERE model_id = ?";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ModelOverrideStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every stored override by model id. */
    public Map<String, ModelOverride> all() {
        Map<String, ModelOverride> all = new LinkedHashMap<>();
        jdbc.query(SELECT_ALL, rs -> {
            ModelOverride o = read(rs);
            all.put(o.modelId(), o);
        });
        return all;
    }

    public Optional<ModelOverride> find(String modelId) {
        return jdbc.query(SELECT_ONE, (rs, n) -> read(rs), modelId).stream().findFirst();
    }

    /**
     * Stores the override (insert or replace); an override with nothing left in it deletes the row.
     * Returns it as stored, with its time.
     */
    public ModelOverride save(ModelOverride o) {
        if (o.isEmpty()) {
            jdbc.update(DELETE, o.modelId());
            return o;
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Object[] args = {o.enabled(), o.priority(), o.inputPricePer1m(), o.outputPricePer1m(), o.latencyBudgetMs(),
                now, o.modelId()};
        if (jdbc.update(UPDATE, args) == 0) {
            try {
                jdbc.update(INSERT, args);
            } catch (DuplicateKeyException racedWithAnotherAdmin) {
                jdbc.update(UPDATE, args);
            }
        }
        return new ModelOverride(o.modelId(), o.enabled(), o.priority(), o.inputPricePer1m(), o.outputPricePer1m(),
                o.latencyBudgetMs(), now.toInstant());
    }

    private static ModelOverride read(ResultSet rs) throws SQLException {
        boolean enabled = rs.getBoolean("enabled");
        Boolean nullableEnabled = rs.wasNull() ? null : enabled;
        int priority = rs.getInt("priority");
        Integer nullablePriority = rs.wasNull() ? null : priority;
        OffsetDateTime updated = rs.getObject("updated_at", OffsetDateTime.class);
        return new ModelOverride(rs.getString("model_id"), nullableEnabled, nullablePriority,
                nullableLong(rs, "input_price_per_1m"), nullableLong(rs, "output_price_per_1m"),
                nullableLong(rs, "latency_budget_ms"), updated == null ? null : updated.toInstant());
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
