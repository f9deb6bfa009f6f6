package dev.caravan.identity;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestH2;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The identity store contract ({@link IdentityStoreContract}) against a fresh in-memory H2 per test. */
class IdentityStoreH2Test extends IdentityStoreContract {

    private HikariDataSource dataSource;

    @BeforeEach
    void createDatabase() {
        dataSource = TestH2.migrated("identity");
    }

    @AfterEach
    void dropDatabase() {
        jdbc().execute("SHUTDOWN");
        dataSource.close();
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
