package dev.caravan.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter store and replay flow against an in-memory H2 database (default mode), no
 * Spring context: the shared contract from {@link DeadLetterStoreContract}, plus H2 specifics.
 */
class DeadLetterStoreTest extends DeadLetterStoreContract {

    private HikariDataSource dataSource;

    @BeforeEach
    void createDatabase() {
        dataSource = dev.caravan.support.TestH2.migrated("deadletters");
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

    @Test
    void should_declare_the_payload_as_the_longest_varchar_when_migrated_on_h2() {
        // when: H2 2.3 reads TEXT as CHARACTER VARYING of its maximum length
        Map<String, Object> column = jdbc().queryForMap("SELECT DATA_TYPE, CHARACTER_MAXIMUM_LENGTH"
                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'DEAD_LETTERS' AND COLUMN_NAME = 'PAYLOAD'");

        // then
        assertThat(column.get("DATA_TYPE")).isEqualTo("CHARACTER VARYING");
        assertThat(((Number) column.get("CHARACTER_MAXIMUM_LENGTH")).longValue()).isEqualTo(1_000_000_000L);
    }
}
