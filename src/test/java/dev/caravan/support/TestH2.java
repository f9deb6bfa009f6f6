package dev.caravan.support;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A fresh in-memory H2 database (default mode) with every Flyway migration applied, for store
 * tests without Spring. Hikari over a {@code jdbc:h2:mem:} URL because H2 is a runtime-scoped
 * dependency ({@code org.h2.jdbcx.JdbcDataSource} is not on the test compile path).
 */
public final class TestH2 {

    private TestH2() {
    }

    public static HikariDataSource migrated(String prefix) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:" + prefix + "_" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1");
        dataSource.setUsername("sa");
        dataSource.setMaximumPoolSize(8);
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}
