package dev.caravan.metering;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The metering contract ({@link MeteringStoreContract}) against a real PostgreSQL, in a fresh
 * schema per run ({@code metering_it_<random>}) that is dropped afterwards.
 *
 * <p>Connection: {@code CARAVAN_TEST_POSTGRES_URL} (system property or environment variable,
 * default {@code jdbc:postgresql://127.0.0.1:5432/test}), user {@code CARAVAN_TEST_POSTGRES_USER}
 * (default {@code postgres}), password {@code CARAVAN_TEST_POSTGRES_PASSWORD} (default empty).
 * When PostgreSQL is unreachable the test is skipped, except when {@code CI=true}, where it
 * fails. Where Docker is available, Testcontainers' PostgreSQL module would be the fallback to
 * start a throw-away server; it is not on the classpath and there is no Docker on this machine.
 */
class MeteringPostgresIT extends MeteringStoreContract {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static String url;
    private static String user;
    private static String password;
    private static String schema;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void createSchema() {
        url = setting("CARAVAN_TEST_POSTGRES_URL", DEFAULT_URL);
        user = setting("CARAVAN_TEST_POSTGRES_USER", "postgres");
        password = setting("CARAVAN_TEST_POSTGRES_PASSWORD", "");
        String name = "metering_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        DriverManager.setLoginTimeout(5);
        try (Connection admin = DriverManager.getConnection(url, user, password);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + name); // generated name, not external input
            schema = name;
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + url + " as " + user + ": " + e.getMessage()
                    + " (set CARAVAN_TEST_POSTGRES_URL / CARAVAN_TEST_POSTGRES_USER)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.assumeTrue(false, message);
        }

        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setSchema(schema);
        dataSource.setMaximumPoolSize(8);
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).load().migrate();
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        if (schema == null) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(url, user, password);
                Statement statement = admin.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            schema = null;
        }
    }

    @BeforeEach
    void emptyTable() {
        jdbc().update("DELETE FROM usage_records");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
