package dev.caravan.budget;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The budget ledger contract ({@link BudgetLedgerContract}) against a real PostgreSQL, in a fresh
 * schema per run ({@code budget_it_<random>}) dropped afterwards; the "second instance" is a
 * second connection pool to the same schema. Connection and skip/fail behaviour: see
 * {@link TestPostgres}.
 */
class BudgetLedgerPostgresIT extends BudgetLedgerContract {

    private static TestPostgres postgres;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void createSchema() {
        postgres = TestPostgres.migrated("budget_it");
        dataSource = postgres.pool(8);
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
        jdbc().update("DELETE FROM budget_reservation_charges");
        jdbc().update("DELETE FROM budget_reservations");
        jdbc().update("DELETE FROM budget_counters");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected HikariDataSource newPool(int size) {
        return postgres.pool(size);
    }

}
