package dev.caravan.admin;

import dev.caravan.identity.Authenticator;
import dev.caravan.identity.DevMode;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The change feed, with identity's caches subscribed to key, tenant and plan changes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
public class AdminConfiguration {

    /** Topics of identity changes: any of them may change what a cached key resolves to. */
    public static final String KEYS = "key";
    public static final String TENANTS = "tenant";
    public static final String PLANS = "plan";
    /** Topic of budget changes: every instance re-reads {@code budget_limits} ({@link BudgetAdminConfiguration}). */
    public static final String BUDGETS = "budget";

    @Bean(initMethod = "start", destroyMethod = "close")
    ChangeFeed changeFeed(DataSource dataSource, AdminProperties properties, Authenticator authenticator,
            DevMode devMode) {
        ChangeFeed feed = new ChangeFeed(dataSource, properties.changePollInterval(), properties.changeRetention(),
                Clock.systemUTC());
        feed.subscribe(KEYS, change -> {
            authenticator.forgetAll();
            devMode.recheck(); // the first key ends dev mode, the last revoked one may start it again
        });
        feed.subscribe(TENANTS, change -> authenticator.forgetAll());
        feed.subscribe(PLANS, change -> authenticator.forgetAll());
        return feed;
    }
}
