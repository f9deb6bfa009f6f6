package dev.caravan.admin;

import static dev.caravan.admin.ModelAdminInstance.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.routing.RoutingStrategy;
import dev.caravan.routing.TestRequests;
import dev.caravan.support.TestH2;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingAdminTest {

    private final HikariDataSource db = TestH2.migrated("routing_admin");
    private final ModelAdminInstance instance = new ModelAdminInstance(db, null);
    private final RoutingAdmin admin = instance.routing;

    @AfterEach
    void close() {
        instance.close();
        db.close();
    }

    @Test
    void should_set_the_default_strategy_by_alias_and_clear_it_with_null() {
        RoutingAdmin.StrategyView set = admin.setDefaultStrategy(json("{\"default_strategy\":\"fast\"}"));

        assertThat(set).isEqualTo(new RoutingAdmin.StrategyView("latency", "balanced", true));
        assertThat(instance.router.defaultStrategy()).isEqualTo(RoutingStrategy.LATENCY);

        assertThat(admin.setDefaultStrategy(json("{\"default_strategy\":null}")))
                .isEqualTo(new RoutingAdmin.StrategyView("balanced", "balanced", false));
    }

    @Test
    void should_route_a_tenants_requests_by_its_override_once_it_is_put_and_not_after_it_is_deleted() {
        var acme = TestRequests.request("req_1", "auto", TestRequests.chatPayload(false),
                new Caller("acme", null, null, null), null, Instant.now());

        admin.putOverride(json("{\"tenant\":\"acme\",\"strategy\":\"quality\"}"));
        assertThat(instance.router.route(acme).strategy()).isEqualTo("quality");
        assertThat(admin.overrides()).containsExactly(new RoutingAdmin.OverrideView("acme", null, "quality", null, null));

        admin.putOverride(json("{\"tenant\":\"acme\",\"strategy\":\"cost\"}"));
        assertThat(admin.overrides()).as("replaced, not added").hasSize(1);
        assertThat(instance.router.route(acme).strategy()).isEqualTo("cost");

        admin.deleteOverride("acme", null);
        assertThat(instance.router.route(acme).strategy()).isEqualTo("balanced");
        assertThat(catchThrowableOfType(GatewayException.class, () -> admin.deleteOverride("acme", null)).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"strategy\":\"cost\"}", "{\"tenant\":\"acme\"}",
            "{\"tenant\":\"acme\",\"strategy\":\"cheapest\"}", "{\"tenant\":\"acme\",\"prefer_provider\":\"azure\"}",
            "{\"tenant\":\"acme\",\"prefer_model\":\"gpt-9\"}", "{\"tenant\":\"\",\"strategy\":\"cost\"}",
            "{\"tenant\":\"acme\",\"strategy\":\"cost\",\"weight\":2}"})
    void should_refuse_with_400_when_an_override_is_bad(String body) {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> admin.putOverride(json(body)));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(admin.overrides()).isEmpty();
    }

    @Test
    void should_refuse_an_unknown_default_strategy() {
        assertThat(catchThrowableOfType(GatewayException.class,
                () -> admin.setDefaultStrategy(json("{\"default_strategy\":\"random\"}"))).kind())
                .isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(catchThrowableOfType(GatewayException.class, () -> admin.setDefaultStrategy(json("{}"))).kind())
                .isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(instance.router.defaultStrategy()).isEqualTo(RoutingStrategy.BALANCED);
    }
}
