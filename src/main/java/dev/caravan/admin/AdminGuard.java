package dev.caravan.admin;

import dev.caravan.identity.AdminKey;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The first step of every {@code /api/admin/**} route: the call must carry the admin key
 * ({@link AdminKey#check}), and the key then leaves the exchange, so that no later step, log or
 * reply can carry it on. A wrong or missing key fails the exchange with 401
 * ({@code GatewayException} {@code UNAUTHORIZED}), rendered by the {@code rest-errors}
 * route configuration.
 *
 * <pre>
 * - bean:
 *     ref: adminGuard
 *     method: check
 * </pre>
 */
public class AdminGuard {

    static final String AUTHORIZATION = "Authorization";

    private final AdminKey adminKey;

    public AdminGuard(AdminKey adminKey) {
        this.adminKey = Objects.requireNonNull(adminKey, "adminKey");
    }

    /** @throws dev.caravan.gateway.GatewayException {@code UNAUTHORIZED} unless the call carries the admin key */
    public void check(Exchange exchange) {
        Message message = exchange.getMessage();
        try {
            adminKey.check(message.getHeader(AUTHORIZATION, String.class));
        } finally {
            message.removeHeader(AUTHORIZATION);
        }
    }
}
