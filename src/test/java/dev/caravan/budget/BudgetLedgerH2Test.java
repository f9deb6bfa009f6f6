package dev.caravan.budget;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestH2;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The budget ledger contract ({@link BudgetLedgerContract}) against a fresh in-memory H2 per test. */
class BudgetLedgerH2Test extends BudgetLedgerContract {

    private HikariDataSource dataSource;

    @BeforeEach
    void createDatabase() {
        dataSource = TestH2.migrated("budgets");
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

    @Override
    protected HikariDataSource newPool(int size) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(dataSource.getJdbcUrl());
        pool.setUsername("sa");
        pool.setMaximumPoolSize(size);
        return pool;
    }
}
