package dev.caravan.routing;

import static dev.caravan.routing.RoutingFleet.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Override levels, most specific first (request > tenant+service > tenant > global default),
 * stored in {@code routing_overrides} on an in-memory H2 migrated by Flyway.
 */
class RoutingOverridesTest {

    private static final Set<SecurityLevel> ALL = EnumSet.allOf(SecurityLevel.class);
    private static final String HI = "hi, how are you?";

    private static final List<RoutingOverride> SEEDS = List.of(
            new RoutingOverride("acme", null, "cost", null, "private-mid"),
            new RoutingOverride("acme", "search", "quality", null, null),
            new RoutingOverride("acme", "chat", null, "anthropic", null),
            new RoutingOverride("globex", null, "fast", null, null));

    private HikariDataSource dataSource;
    private RoutingOverrideStore store;

    @BeforeEach
    void database() {
        dataSource = dev.caravan.support.TestH2.migrated("routing");
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        dataSource.close();
    }

    private RoutingOverrideStore start(String defaultStrategy, List<RoutingOverride> seeds) {
        store = new RoutingOverrideStore(dataSource,
                new RoutingProperties(defaultStrategy, seeds, 0, Duration.ofMinutes(10)));
        store.start();
        return store;
    }

    private ModelRouter router(String defaultStrategy) {
        RoutingOverrideStore overrides = start(defaultStrategy, SEEDS);
        return new RoutingFleet().withTypicalLatencies()
                .router(overrides, new RoutingProperties(defaultStrategy, SEEDS, 0, null));
    }

    private int rows() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM routing_overrides")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @ParameterizedTest(name = "{0}/{1} strategy ''{2}'' -> {3} via {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # tenant | service | request strategy | expected strategy | via            | primary
            acme     | search  | -                | quality           | tenant-service | private-mid
            acme     | search  | latency          | latency           | request        | private-mid
            acme     | billing | -                | cost              | tenant         | private-mid
            acme     | -       | -                | cost              | tenant         | private-mid
            acme     | chat    | -                | cost              | tenant         | private-mid
            globex   | search  | -                | latency           | tenant         | private-mid
            initech  | -       | -                | balanced          | default        | local-small
            -        | -       | -                | balanced          | default        | local-small
            initech  | -       | quality          | quality           | request        | public-vision
            """)
    void should_take_the_most_specific_override_when_several_levels_apply(String tenant, String service,
                                                                          String requested, String strategy,
                                                                          String via, String primary) {
        ModelRouter router = router("balanced");
        Caller caller = new Caller(tenant, "alice", service, "key_1");

        RouteDecision d = router.route(chat("auto", HI, null, caller), ALL,
                new RoutingPreferences(requested, null, null), "public");

        assertThat(d.strategy()).isEqualTo(strategy);
        assertThat(d.explanation()).contains(" via=" + via);
        assertThat(d.primary().id()).isEqualTo(primary);
    }

    @Test
    void should_merge_preferences_field_by_field_when_levels_name_different_things() {
        ModelRouter router = router("balanced");

        // acme/search names only a strategy; the tenant's preferred model still applies
        RouteDecision search = router.route(chat("auto", HI, null, new Caller("acme", null, "search", null)), ALL,
                RoutingPreferences.NONE, null);
        // acme/chat prefers a provider; the tenant prefers a model: the model first, then the provider's
        RouteDecision chat = router.route(chat("auto", HI, null, new Caller("acme", null, "chat", null)), ALL,
                RoutingPreferences.NONE, null);
        // the request's own preference wins over both
        RouteDecision request = router.route(chat("auto", HI, null, new Caller("acme", null, "chat", null)), ALL,
                new RoutingPreferences(null, null, "public-vision"), null);

        assertThat(search.primary().id()).isEqualTo("private-mid");
        assertThat(search.explanation()).contains(" preferred=model");
        assertThat(chat.candidates().get(0).id()).isEqualTo("private-mid");
        assertThat(chat.candidates().get(1).id()).isEqualTo("public-large");
        assertThat(chat.explanation()).contains(" preferred=model+provider");
        assertThat(request.primary().id()).isEqualTo("public-vision");
    }

    @Test
    void should_use_the_configured_default_when_no_override_applies() {
        ModelRouter router = router("latency");

        RouteDecision d = router.route(chat("auto", HI, null, new Caller("initech", null, null, null)), ALL,
                RoutingPreferences.NONE, null);

        assertThat(d.strategy()).isEqualTo("latency");
        assertThat(d.explanation()).contains(" via=default");
        assertThat(d.complexity()).as("complexity adapts only the balanced strategy").isNull();
    }

    @Test
    void should_let_a_named_virtual_model_beat_tenant_overrides_but_not_the_request() {
        ModelRouter router = router("balanced");
        Caller acme = new Caller("acme", null, "search", null);

        RouteDecision cheap = router.route(chat("cheap", HI, null, acme), ALL, RoutingPreferences.NONE, null);
        RouteDecision requested = router.route(chat("cheap", HI, null, acme), ALL,
                new RoutingPreferences("quality", null, null), null);

        assertThat(cheap.strategy()).isEqualTo("cost");
        assertThat(cheap.explanation()).contains(" via=model");
        assertThat(requested.strategy()).isEqualTo("quality");
    }

    @Test
    void should_never_let_an_override_route_to_a_disallowed_model() {
        ModelRouter router = router("balanced");

        // acme prefers private-mid; a restricted request may only go local
        RouteDecision d = router.route(chat("auto", HI, null, new Caller("acme", null, null, null)),
                EnumSet.of(SecurityLevel.LOCAL), RoutingPreferences.NONE, "restricted");

        assertThat(d.candidates()).extracting(m -> m.id()).containsExactly("local-small");
        assertThat(d.explanation()).contains(" prefer-model-ignored=not-allowed");
    }

    @Test
    void should_seed_the_table_from_configuration_when_rows_are_absent() throws SQLException {
        start("balanced", SEEDS);

        assertThat(rows()).isEqualTo(4);
        assertThat(store.find("acme", null)).contains(SEEDS.get(0));
        assertThat(store.find("acme", "search")).contains(SEEDS.get(1));
        assertThat(store.find("acme", "nope")).isEmpty();
        assertThat(store.find(null, null)).isEmpty();
        // the alias "fast" is stored as the strategy it stands for
        assertThat(store.find("globex", null)).get().extracting(RoutingOverride::strategy).isEqualTo("latency");
    }

    @Test
    void should_not_overwrite_rows_when_configuration_seeds_them_again() throws SQLException {
        start("balanced", SEEDS);
        update("UPDATE routing_overrides SET strategy = 'latency', updated_at = ? WHERE tenant = 'acme' AND service IS NULL",
                OffsetDateTime.now(ZoneOffset.UTC));
        store.close();

        // a restart with the same configuration (another instance, or the next deployment)
        RoutingOverrideStore again = start("balanced", SEEDS);

        assertThat(rows()).isEqualTo(4);
        assertThat(again.find("acme", null)).get().extracting(RoutingOverride::strategy).isEqualTo("latency");
        assertThat(again.seed()).isZero();
    }

    @Test
    void should_see_table_changes_when_the_cache_is_refreshed() throws SQLException {
        ModelRouter router = router("balanced");
        Caller initech = new Caller("initech", null, null, null);
        assertThat(router.route(chat("auto", HI, null, initech), ALL, RoutingPreferences.NONE, null).strategy())
                .isEqualTo("balanced");

        // what the admin API will do: write the table, then ask for a refresh
        update("INSERT INTO routing_overrides (tenant, service, strategy, prefer_provider, prefer_model, updated_at)"
                + " VALUES ('initech', NULL, 'quality', NULL, NULL, ?)", OffsetDateTime.now(ZoneOffset.UTC));
        RouteDecision before = router.route(chat("auto", HI, null, initech), ALL, RoutingPreferences.NONE, null);
        store.refresh();
        RouteDecision after = router.route(chat("auto", HI, null, initech), ALL, RoutingPreferences.NONE, null);

        assertThat(before.strategy()).as("no database access per request").isEqualTo("balanced");
        assertThat(after.strategy()).isEqualTo("quality");
        assertThat(after.explanation()).contains(" via=tenant");
    }

    @Test
    void should_refresh_periodically_when_started() throws Exception {
        store = new RoutingOverrideStore(dataSource, new RoutingProperties(null, List.of(), 0, Duration.ofMillis(50)));
        store.start();
        update("INSERT INTO routing_overrides (tenant, service, strategy, prefer_provider, prefer_model, updated_at)"
                + " VALUES ('hooli', 'maps', 'cost', NULL, NULL, ?)", OffsetDateTime.now(ZoneOffset.UTC));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> store.find("hooli", "maps").isPresent());
    }

    @Test
    void should_take_the_latest_row_when_two_tenant_wide_rows_exist() throws SQLException {
        // NULL services are distinct for the unique constraint in H2 and PostgreSQL alike
        start("balanced", List.of());
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC);
        update("INSERT INTO routing_overrides (tenant, service, strategy, updated_at) VALUES ('dup', NULL, 'cost', ?)",
                t.minusMinutes(1));
        update("INSERT INTO routing_overrides (tenant, service, strategy, updated_at) VALUES ('dup', NULL, 'quality', ?)", t);
        store.refresh();

        assertThat(store.find("dup", null)).get().extracting(RoutingOverride::strategy).isEqualTo("quality");
    }

    @Test
    void should_refuse_a_second_row_for_the_same_tenant_and_service() throws SQLException {
        start("balanced", SEEDS);

        assertThatThrownBy(() -> update("INSERT INTO routing_overrides (tenant, service, strategy, updated_at)"
                + " VALUES ('acme', 'search', 'cost', ?)", OffsetDateTime.now(ZoneOffset.UTC)))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void should_ignore_an_unknown_strategy_when_the_table_holds_one() throws SQLException {
        start("balanced", List.of());
        update("INSERT INTO routing_overrides (tenant, service, strategy, prefer_model, updated_at)"
                + " VALUES ('odd', NULL, 'fastest', 'local-small', ?)", OffsetDateTime.now(ZoneOffset.UTC));
        store.refresh();

        assertThat(store.find("odd", null)).get().satisfies(o -> {
            assertThat(o.strategy()).isNull();
            assertThat(o.preferModel()).isEqualTo("local-small");
        });
    }

    @Test
    void should_keep_working_from_configuration_when_there_is_no_database() {
        RoutingOverrideStore memory = RoutingOverrideStore.inMemory(SEEDS);
        memory.start();

        assertThat(memory.find("acme", "search")).contains(SEEDS.get(1));
        assertThat(memory.all()).hasSize(4);
    }

    @Test
    void should_keep_the_configured_overrides_when_the_table_is_missing() throws SQLException {
        update("DROP TABLE routing_overrides");

        RoutingOverrideStore broken = start("balanced", SEEDS);

        assertThat(broken.find("acme", "search")).contains(SEEDS.get(1));
        assertThatThrownBy(broken::refresh).isInstanceOf(IllegalStateException.class);
        assertThat(broken.find("acme", "search")).as("the last snapshot stays").contains(SEEDS.get(1));
    }
}
