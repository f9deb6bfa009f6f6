package dev.caravan.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.support.PostgresSchema;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead-letter contract ({@link DeadLetterStoreContract}) against a real PostgreSQL, in a
 * fresh schema per run ({@code dl_it_<random>}) that is dropped afterwards. Connection and
 * skip/fail behaviour: see {@link TestPostgres} (skipped when unreachable, a failure under
 * {@code CI=true}).
 */
class DeadLetterPostgresIT extends DeadLetterStoreContract {

    @RegisterExtension
    static final PostgresSchema DB = new PostgresSchema("dl_it", 8);

    @BeforeEach
    void emptyTable() {
        jdbc().update("DELETE FROM dead_letters");
    }

    @Override
    protected DataSource dataSource() {
        return DB.dataSource();
    }

    @Test
    void should_declare_the_payload_as_unbounded_text_when_migrated_on_postgresql() {
        // when
        String type = jdbc().queryForObject("SELECT data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = 'dead_letters' AND column_name = 'payload'",
                String.class, DB.schema());

        // then
        assertThat(type).isEqualTo("text");
    }
}
