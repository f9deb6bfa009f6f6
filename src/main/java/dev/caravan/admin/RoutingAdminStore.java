package dev.caravan.admin;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code routing_settings} table: routing settings by name; a missing row means "as configured". */
public class RoutingAdminStore {

    /** The name of the default routing strategy's row. */
    public static final String DEFAULT_STRATEGY = "default_strategy";

    static final String SELECT = "SELECT setting_value FROM routing_settings WHERE setting_name = ?";
    static final String UPDATE = "UPDATE routing_settings SET setting_value = ?, updated_at = ? WHERE setting_name = ?";
    static final String INSERT = "INSERT INTO routing_settings (setting_value, updated_at, setting_name) VALUES (?, ?, ?)";
    static final String DELETE = "DELETE FROM routing_settings WHERE setting_name = ?";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RoutingAdminStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<String> get(String name) {
        return jdbc.queryForList(SELECT, String.class, name).stream().findFirst();
    }

    /** Sets a setting; null deletes it (back to the configured value). */
    public void put(String name, String value) {
        if (value == null) {
            jdbc.update(DELETE, name);
            return;
        }
        Object[] args = {value, clock.instant().atOffset(ZoneOffset.UTC), name};
        if (jdbc.update(UPDATE, args) == 0) {
            try {
                jdbc.update(INSERT, args);
            } catch (DuplicateKeyException racedWithAnotherAdmin) {
                jdbc.update(UPDATE, args);
            }
        }
    }
}
