package dev.caravan.identity;

import dev.caravan.support.PostgresSchema;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;

/**
 * The identity store contract ({@link IdentityStoreContract}) against a real PostgreSQL, in a
 * fresh schema per run ({@code identity_it_<random>}) dropped afterwards. Connection and
 * skip/fail behaviour: see {@link TestPostgres}.
 */
class IdentityStorePostgresIT extends IdentityStoreContract {

    @RegisterExtension
    static final PostgresSchema DB = new PostgresSchema("identity_it", 4);

    @BeforeEach
    void emptyTables() {
        jdbc().update("DELETE FROM api_keys");
        jdbc().update("DELETE FROM tenants");
        jdbc().update("DELETE FROM plans");
    }

    @Override
    protected DataSource dataSource() {
        return DB.dataSource();
    }
}
