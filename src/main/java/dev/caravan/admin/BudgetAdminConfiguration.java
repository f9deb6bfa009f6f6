package dev.caravan.admin;

import dev.caravan.budget.BudgetLedger;
import dev.caravan.budget.BudgetLimitStore;
import dev.caravan.budget.LayeredBudgets;
import dev.caravan.config.CaravanProperties;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API for budgets ({@code admin-budgets.camel.yaml}): {@link BudgetAdmin}, its HTTP
 * adapter, and the {@link ModelAdminSync} that loads the stored budgets into the
 * {@link LayeredBudgets} source at start, reloads them on every {@value AdminConfiguration#BUDGETS}
 * change announced on the {@link ChangeFeed} (on its own thread, never the feed's or a
 * request's), and re-reads them every {@link ModelAdminConfiguration#RESYNC} as a safety net.
 */
@Configuration(proxyBeanMethods = false)
public class BudgetAdminConfiguration {

    @Bean
    BudgetAdmin budgetAdmin(LayeredBudgets budgets, BudgetLimitStore store, BudgetLedger ledger, ChangeFeed feed) {
        return new BudgetAdmin(budgets, store, ledger, feed, Clock.systemUTC());
    }

    /** Not an autowire candidate: the models' {@code modelAdminSync} stays the one bean of its type. */
    @Bean(initMethod = "start", destroyMethod = "close", autowireCandidate = false)
    @DependsOnDatabaseInitialization
    ModelAdminSync budgetAdminSync(ChangeFeed feed, BudgetAdmin budgets) {
        return new ModelAdminSync(feed, Map.of(AdminConfiguration.BUDGETS, budgets::reload),
                ModelAdminConfiguration.RESYNC);
    }

    @Bean
    BudgetAdminRest budgetAdminRest(BudgetAdmin budgets, CaravanProperties properties) {
        return new BudgetAdminRest(budgets, new AdminIdentityJson(), properties.maxRequestSize().toBytes());
    }
}
