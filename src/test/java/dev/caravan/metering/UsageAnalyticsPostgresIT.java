package dev.caravan.metering;

import dev.caravan.support.PostgresSchema;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The usage analytics contract ({@link UsageAnalyticsContract}) on a real PostgreSQL, in a fresh
 * schema dropped afterwards (see {@link TestPostgres} for the connection settings). The session
 * time zone is set far from UTC, so that grouping by day must not depend on it.
 */
class UsageAnalyticsPostgresIT extends UsageAnalyticsContract {

    @RegisterExtension
    static final PostgresSchema DB = new PostgresSchema("usage_it", 4).connectionInitSql("SET TIME ZONE 'Pacific/Kiritimati'");

    @Override
    protected DataSource dataSource() {
        return DB.dataSource();
    }
}
