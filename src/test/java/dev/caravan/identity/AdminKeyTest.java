package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminKeyTest {

    static final String KEY = "admin-key-of-at-least-thirty-two-chars";

    static DevMode devMode(boolean on) {
        return new DevMode(on, "127.0.0.1", () -> 0, Duration.ofSeconds(30), Clock.systemUTC());
    }

    @Test
    void should_pass_when_the_admin_key_matches() {
        AdminKey admin = new AdminKey(KEY, devMode(false));

        assertThatCode(() -> admin.check("Bearer " + KEY)).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_with_401_without_echoing_when_the_admin_key_is_wrong_or_missing() {
        AdminKey admin = new AdminKey(KEY, devMode(true));

        for (String header : new String[] {null, "", "Bearer ", "Bearer " + KEY + "x", KEY, "Bearer wrong"}) {
            assertThatThrownBy(() -> admin.check(header)).isInstanceOf(GatewayException.class)
                    .hasMessage(AdminKey.INVALID)
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((GatewayException) e).kind())
                            .isEqualTo(ErrorKind.UNAUTHORIZED));
        }
    }

    @Test
    void should_be_open_only_in_dev_mode_when_no_admin_key_is_configured() {
        assertThatCode(() -> new AdminKey(null, devMode(true)).check(null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new AdminKey(" ", devMode(false)).check("Bearer anything"))
                .isInstanceOf(GatewayException.class).hasMessage(AdminKey.DISABLED);
    }
}
