package dev.caravan.metering;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestH2;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The usage analytics contract ({@link UsageAnalyticsContract}) on an in-memory H2. */
class UsageAnalyticsH2Test extends UsageAnalyticsContract {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void createDatabase() {
        dataSource = TestH2.migrated("usage");
    }

    @AfterAll
    static void dropDatabase() {
        dataSource.close();
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
