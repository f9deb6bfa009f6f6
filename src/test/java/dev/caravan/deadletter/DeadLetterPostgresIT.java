package dev.caravan.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.support.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter contract ({@link DeadLetterStoreContract}) against a real PostgreSQL, in a
 * fresh schema per run ({@code dl_it_<random>}) that is dropped afterwards. Connection and
 * skip/fail behaviour: see {@link TestPostgres} (skipped when unreachable, a failure under
 * {@code CI=true}).
 */
class DeadLetterPostgresIT extends DeadLetterStoreContract {

    private static TestPostgres postgres;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void createSchema() {
        postgres = TestPostgres.migrated("dl_it");
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
    void emptyTable() {
        jdbc().update("DELETE FROM dead_letters");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Test
    void should_declare_the_payload_as_unbounded_text_when_migrated_on_postgresql() {
        // when
        String type = jdbc().queryForObject("SELECT data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = 'dead_letters' AND column_name = 'payload'",
                String.class, postgres.schema);

        // then
        assertThat(type).isEqualTo("text");
    }
}
