package dev.caravan.metering;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The usage analytics contract ({@link UsageAnalyticsContract}) on a real PostgreSQL, in a fresh
 * schema dropped afterwards (see {@link TestPostgres} for the connection settings). The session
 * time zone is set far from UTC, so that grouping by day must not depend on it.
 */
class UsageAnalyticsPostgresIT extends UsageAnalyticsContract {

    private static TestPostgres postgres;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void createSchema() {
        postgres = TestPostgres.migrated("usage_it");
        dataSource = postgres.pool(4);
        dataSource.setConnectionInitSql("SET TIME ZONE 'Pacific/Kiritimati'");
    }

    @AfterAll
    static void dropSchema() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (postgres != null) {
            postgres.dropSchema();
        }
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
