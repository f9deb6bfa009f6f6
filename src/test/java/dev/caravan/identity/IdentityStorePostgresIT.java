package dev.caravan.identity;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The identity store contract ({@link IdentityStoreContract}) against a real PostgreSQL, in a
 * fresh schema per run ({@code identity_it_<random>}) dropped afterwards. Connection and
 * skip/fail behaviour: see {@link TestPostgres}.
 */
class IdentityStorePostgresIT extends IdentityStoreContract {

    private static TestPostgres postgres;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void createSchema() {
        postgres = TestPostgres.migrated("identity_it");
        dataSource = postgres.pool(4);
    }

    @AfterAll
    static void dropSchema() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        if (postgres != null) {
            postgres.dropSchema();
            postgres = null;
        }
    }

    @BeforeEach
    void emptyTables() {
        jdbc().update("DELETE FROM api_keys");
        jdbc().update("DELETE FROM tenants");
        jdbc().update("DELETE FROM plans");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
