package dev.caravan.support;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, migrated PostgreSQL schema and a pool on it for one test class, dropped afterwards:
 * {@code @RegisterExtension static final PostgresSchema DB = new PostgresSchema("budget_it", 8);}
 */
public final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {

    private final String prefix;
    private final int poolSize;
    private String connectionInitSql;
    private TestPostgres postgres;
    private HikariDataSource pool;

    public PostgresSchema(String prefix, int poolSize) {
        this.prefix = prefix;
        this.poolSize = poolSize;
    }

    /** SQL each pooled connection runs first (e.g. a session time zone). */
    public PostgresSchema connectionInitSql(String sql) {
        this.connectionInitSql = sql;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres = TestPostgres.migrated(prefix);
        pool = postgres.pool(poolSize);
        if (connectionInitSql != null) {
            pool.setConnectionInitSql(connectionInitSql);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (pool != null) {
                pool.close();
            }
        } finally {
            if (postgres != null) {
                postgres.dropSchema();
            }
            pool = null;
            postgres = null;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Another pool on the schema (a second instance); the caller closes it. */
    public HikariDataSource newPool(int size) {
        return postgres.pool(size);
    }

    public String schema() {
        return postgres.schema;
    }
}
