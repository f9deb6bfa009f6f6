package dev.caravan.support;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL that integration tests use: taken from {@code CARAVAN_TEST_POSTGRES_URL}
 * (system property or environment; default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code CARAVAN_TEST_POSTGRES_USER}, default {@code postgres}). Each test class gets its own
 * schema. Unreachable: skipped locally, a failure under {@code CI=true}. Where a Docker engine
 * exists, Testcontainers' PostgreSQL module would be the fallback; this machine has none.
 */
public final class TestPostgres {

    public final String url;
    public final String user;
    public final String password;
    public final String schema;

    private TestPostgres(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /** Connects, creates a fresh schema, or skips/fails as described above. */
    public static TestPostgres withFreshSchema(String prefix) {
        String url = setting("CARAVAN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = setting("CARAVAN_TEST_POSTGRES_USER", "postgres");
        String password = setting("CARAVAN_TEST_POSTGRES_PASSWORD", "");
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("create schema " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + url + " (" + e.getMessage()
                    + "); set CARAVAN_TEST_POSTGRES_URL / CARAVAN_TEST_POSTGRES_USER";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.assumeTrue(false, message);
        }
        return new TestPostgres(url, user, password, schema);
    }

    /** The JDBC URL whose connections use this schema by default. */
    public String urlWithSchema() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public void dropSchema() {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }

    /** A fresh schema with every Flyway migration applied (see {@link #withFreshSchema}). */
    public static TestPostgres migrated(String prefix) {
        TestPostgres postgres = withFreshSchema(prefix);
        Flyway.configure().dataSource(postgres.url, postgres.user, postgres.password)
                .schemas(postgres.schema).defaultSchema(postgres.schema).load().migrate();
        return postgres;
    }

    /** A connection pool whose connections use this schema; the caller closes it. */
    public HikariDataSource pool(int size) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setSchema(schema);
        pool.setMaximumPoolSize(size);
        return pool;
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}
