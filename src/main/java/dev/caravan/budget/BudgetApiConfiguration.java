package dev.caravan.budget;

import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.ReadAccess;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans behind {@code GET /api/budget} ({@code usage.camel.yaml}). */
@Configuration(proxyBeanMethods = false)
public class BudgetApiConfiguration {

    @Bean
    BudgetOverview budgetOverview(BudgetSource source, BudgetLedger ledger) {
        return new BudgetOverview(source, ledger, Clock.systemUTC());
    }

    @Bean
    BudgetApi budgetApi(ReadAccess access, BudgetOverview overview, ApiKeyStore keys) {
        return new BudgetApi(access, overview, keys, Clock.systemUTC());
    }
}
