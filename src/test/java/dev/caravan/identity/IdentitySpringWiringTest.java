package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.gateway.Caller;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The identity beans in a minimal Spring context: defaults, dev mode, bad settings failing start-up. */
class IdentitySpringWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
            .withUserConfiguration(IdentityConfiguration.class)
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:identity_wiring_"
                    + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");

    @Test
    void should_accept_anonymous_calls_when_on_loopback_with_no_keys() {
        runner.withPropertyValues("server.address=127.0.0.1").run(context -> {
            assertThat(context).hasNotFailed();
            DevMode devMode = context.getBean(DevMode.class);

            assertThat(devMode.applies()).isTrue();
            assertThat(context.getBean(Authenticator.class).authenticate(null, null, devMode.applies()))
                    .isEqualTo(Caller.anonymous());
        });
    }

    @Test
    void should_require_a_key_when_a_key_exists() {
        runner.withPropertyValues("server.address=127.0.0.1", "caravan.identity.key-pepper=" + KeyHasherTest.PEPPER)
                .run(context -> {
                    context.getBean(TenantStore.class).create("acme", "Acme", null);
                    CreatedKey key = context.getBean(ApiKeyStore.class).create("acme", null, null, null);

                    assertThat(context.getBean(KeyHasher.class).peppered()).isTrue();
                    assertThat(context.getBean(DevMode.class).applies()).isFalse();
                    assertThat(context.getBean(Authenticator.class).authenticate("Bearer " + key.secret(), null, false)
                            .tenant()).isEqualTo("acme");
                });
    }

    @Test
    void should_fail_start_up_when_the_admin_key_is_too_short() {
        runner.withPropertyValues("caravan.identity.admin-key=short").run(context ->
                assertThat(context).hasFailed());
    }
}
