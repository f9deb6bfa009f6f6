package dev.caravan.e2e;

import dev.caravan.CaravanApplication;
import dev.caravan.support.TestPostgres;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The metering contract with the gateway's store switched to a real PostgreSQL (schema by Flyway). */
@CamelSpringBootTest
@SpringBootTest(classes = CaravanApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "caravan.data-dir=target/test-data-postgres")
@ActiveProfiles("test")
class MeteringAcrossChannelsPostgresIT extends MeteringAcrossChannelsContract {

    static TestPostgres postgres;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        postgres = TestPostgres.withFreshSchema("caravan_it");
        registry.add("spring.datasource.url", postgres::urlWithSchema);
        registry.add("spring.datasource.username", () -> postgres.user);
        registry.add("spring.datasource.password", () -> postgres.password);
    }

    @AfterAll
    static void dropSchema() {
        if (postgres != null) {
            postgres.dropSchema();
        }
    }
}
