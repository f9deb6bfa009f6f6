package dev.caravan.metering;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What usage can be grouped by ({@code group_by} of {@code GET /api/usage}). The closed set is the
 * whitelist: each name maps to a fixed column or expression of {@code usage_records}, so a query
 * never contains text the caller sent.
 */
public enum UsageDimension {
    PROVIDER("provider", "provider"),
    MODEL("model", "model"),
    TENANT("tenant", "tenant"),
    USER("user", "user_id"),
    SERVICE("service", "service"),
    TASK("task", "task"),
    KEY("key", "key_id"),
    /** The UTC calendar day; AT TIME ZONE makes PostgreSQL ignore the session's time zone (H2 agrees). */
    DAY("day", "CAST(created_at AT TIME ZONE 'UTC' AS DATE)");

    /** The names accepted, for messages: {@code provider, model, …, day}. */
    public static final String NAMES = Arrays.stream(values()).map(UsageDimension::id)
            .collect(Collectors.joining(", "));

    private final String id;
    private final String sql;

    UsageDimension(String id, String sql) {
        this.id = id;
        this.sql = sql;
    }

    /** The name in {@code group_by} and in each row's {@code group} object. */
    public String id() {
        return id;
    }

    /** The column or expression grouped by: a constant of this enum. */
    String sql() {
        return sql;
    }

    public static Optional<UsageDimension> parse(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.id.equals(wanted)).findFirst();
    }
}
