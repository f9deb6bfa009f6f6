package dev.caravan.admin;

import dev.caravan.classify.PolicyAction;
import dev.caravan.classify.PolicyRules.Rule;
import dev.caravan.classify.Sensitivity;
import dev.caravan.config.SecurityLevel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code policy_rules} table. "Any tenant" and "any task" are stored as {@value #ANY}
 * (NOT NULL columns, so that the primary key holds on H2 and PostgreSQL alike).
 */
public class PolicyRuleStore {

    private static final Logger log = LoggerFactory.getLogger(PolicyRuleStore.class);

    /** "Any tenant" / "any task" in the table. */
    public static final String ANY = "*";

    static final String SELECT_ALL = "SELECT tenant, task, sensitivity, allowed_levels, policy_action FROM policy_rules"
            + " ORDER BY tenant, task, sensitivity";
    static final String DELETE_ALL = "DELETE FROM policy_rules";
    static final String INSERT = "INSERT INTO policy_rules (tenant, task, sensitivity, allowed_levels, policy_action,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public PolicyRuleStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every stored rule; a row that no longer parses is skipped with a warning. */
    public List<Rule> all() {
        List<Rule> rules = new ArrayList<>();
        jdbc.query(SELECT_ALL, rs -> {
            try {
                rules.add(read(rs));
            } catch (IllegalArgumentException e) {
                log.warn("Policy rules: a rule for tenant '{}' task '{}' cannot be read ({}); it is ignored",
                        rs.getString("tenant"), rs.getString("task"), e.getMessage());
            }
        });
        return rules;
    }

    /** Replaces every stored rule with these, in one transaction. */
    public void replaceAll(List<Rule> rules) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        transaction.executeWithoutResult(status -> {
            jdbc.update(DELETE_ALL);
            for (Rule r : rules) {
                jdbc.update(INSERT, r.tenant() == null ? ANY : r.tenant(), r.task() == null ? ANY : r.task(),
                        r.sensitivity().id(), r.allowed() == null ? null : levels(r.allowed()),
                        r.action() == null ? null : r.action().name().toLowerCase(Locale.ROOT), now);
            }
        });
    }

    private static Rule read(ResultSet rs) throws SQLException {
        String tenant = rs.getString("tenant");
        String task = rs.getString("task");
        String allowed = rs.getString("allowed_levels");
        String action = rs.getString("policy_action");
        return new Rule(ANY.equals(tenant) ? null : tenant, ANY.equals(task) ? null : task,
                Sensitivity.valueOf(rs.getString("sensitivity").toUpperCase(Locale.ROOT)),
                allowed == null ? null : parseLevels(allowed),
                action == null ? null : PolicyAction.valueOf(action.toUpperCase(Locale.ROOT)));
    }

    /** Levels in their declared order, comma-separated. */
    static String levels(Set<SecurityLevel> levels) {
        return EnumSet.copyOf(levels).stream().map(SecurityLevel::id).collect(Collectors.joining(","));
    }

    static Set<SecurityLevel> parseLevels(String value) {
        Set<SecurityLevel> levels = EnumSet.noneOf(SecurityLevel.class);
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                levels.add(SecurityLevel.valueOf(part.strip().toUpperCase(Locale.ROOT)));
            }
        }
        return levels;
    }
}
