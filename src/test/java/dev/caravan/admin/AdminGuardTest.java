package dev.caravan.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.identity.AdminKey;
import dev.caravan.identity.DevMode;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminGuardTest {

    static final String KEY = "admin-key-of-at-least-thirty-two-chars";

    private final AdminGuard guard = new AdminGuard(new AdminKey(KEY,
            new DevMode(true, "127.0.0.1", () -> 0, Duration.ofSeconds(30), Clock.systemUTC())));

    private static DefaultCamelContext camel;

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start(); // a started context has case-insensitive headers, as in the running gateway
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    static Exchange exchange(String authorization) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("authorization", authorization); // any case, as HTTP sends it
        exchange.getMessage().setHeader("id", "acme");
        return exchange;
    }

    @Test
    void should_pass_and_drop_the_key_when_the_admin_key_is_sent() {
        Exchange exchange = exchange("Bearer " + KEY);

        guard.check(exchange);

        assertThat(exchange.getMessage().getHeader("Authorization")).isNull();
        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys("id");
    }

    @Test
    void should_refuse_with_401_and_still_drop_the_header_when_the_key_is_wrong_or_missing() {
        for (String header : new String[] {null, "Bearer wrong", "Bearer ck-" + KEY, KEY}) {
            Exchange exchange = exchange(header);

            GatewayException refused = catchThrowableOfType(GatewayException.class, () -> guard.check(exchange));

            assertThat(refused.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
            assertThat(refused.getMessage()).doesNotContain(KEY);
            assertThat(exchange.getMessage().getHeader("Authorization")).isNull();
        }
    }
}
