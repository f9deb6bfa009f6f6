package dev.caravan.budget;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code budget_limits} table ({@code V11__budgets_admin.sql}): budgets set through the admin
 * API, one per scope, name and period. Read whole by {@link LayeredBudgets#reload()}, never on
 * the request path.
 */
public class BudgetLimitStore {

    static final String COLUMNS = "scope, name, period, max_tokens, max_cost_micros, soft, updated_at";
    static final String KEY = " WHERE scope = ? AND name = ? AND period = ?";
    static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM budget_limits ORDER BY scope, name, period";
    static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM budget_limits" + KEY;
    static final String UPDATE = "UPDATE budget_limits SET max_tokens = ?, max_cost_micros = ?, soft = ?,"
            + " updated_at = ?" + KEY;
    static final String INSERT = "INSERT INTO budget_limits (max_tokens, max_cost_micros, soft, updated_at, scope,"
            + " name, period) VALUES (?, ?, ?, ?, ?, ?, ?)";
    static final String DELETE = "DELETE FROM budget_limits" + KEY;

    /** What {@link #save} did. */
    public record Saved(StoredBudget budget, boolean created) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public BudgetLimitStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every stored budget, by scope, name and period. */
    public List<StoredBudget> all() {
        return jdbc.query(SELECT_ALL, (rs, n) -> read(rs));
    }

    public Optional<StoredBudget> find(BudgetScope scope, String name, BudgetPeriod period) {
        return jdbc.query(SELECT_ONE, (rs, n) -> read(rs), scope.id(), name, period.id()).stream().findFirst();
    }

    /** Creates or replaces the budget of that scope, name and period. */
    public Saved save(BudgetScope scope, String name, BudgetPeriod period, BudgetLimit limit) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Object[] args = {limit.maxTokens(), limit.maxCostMicros(), limit.soft(), now, scope.id(), name, period.id()};
        boolean created = false;
        if (jdbc.update(UPDATE, args) == 0) {
            try {
                jdbc.update(INSERT, args);
                created = true;
            } catch (DuplicateKeyException racedWithAnotherAdmin) {
                jdbc.update(UPDATE, args);
            }
        }
        return new Saved(new StoredBudget(scope, name, period, limit, now.toInstant()), created);
    }

    /** @return false when no such budget was stored */
    public boolean delete(BudgetScope scope, String name, BudgetPeriod period) {
        return jdbc.update(DELETE, scope.id(), name, period.id()) > 0;
    }

    private static StoredBudget read(ResultSet rs) throws SQLException {
        OffsetDateTime updated = rs.getObject("updated_at", OffsetDateTime.class);
        return new StoredBudget(BudgetScope.parse(rs.getString("scope")), rs.getString("name"),
                BudgetPeriod.parse(rs.getString("period")),
                new BudgetLimit(nullableLong(rs, "max_tokens"), nullableLong(rs, "max_cost_micros"),
                        rs.getBoolean("soft")),
                updated.toInstant());
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
