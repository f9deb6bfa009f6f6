package dev.caravan.budget;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.PostgresSchema;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;

/**
 * The budget ledger contract ({@link BudgetLedgerContract}) against a real PostgreSQL, in a fresh
 * schema per run ({@code budget_it_<random>}) dropped afterwards; the "second instance" is a
 * second connection pool to the same schema. Connection and skip/fail behaviour: see
 * {@link TestPostgres}.
 */
class BudgetLedgerPostgresIT extends BudgetLedgerContract {

    @RegisterExtension
    static final PostgresSchema DB = new PostgresSchema("budget_it", 8);

    @BeforeEach
    void emptyTables() {
        jdbc().update("DELETE FROM budget_reservation_charges");
        jdbc().update("DELETE FROM budget_reservations");
        jdbc().update("DELETE FROM budget_counters");
    }

    @Override
    protected DataSource dataSource() {
        return DB.dataSource();
    }

    @Override
    protected HikariDataSource newPool(int size) {
        return DB.newPool(size);
    }

}
