package dev.caravan.budget;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The budget beans: {@link BudgetService} (what the pipeline's budget stage calls),
 * {@link BudgetEstimator}, {@link BudgetLedger} on the application's data source, and
 * {@link BudgetExpiry}. Alerts go to a {@link LoggingAlertSink} and to every other
 * {@link AlertSink} bean (the JMS topic and webhook sinks, when they exist). The
 * {@link BudgetSource} is {@link LayeredBudgets}: the configured budgets with those of the admin
 * API ({@link BudgetLimitStore}) laid over them, loaded and reloaded by the admin API's wiring.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BudgetProperties.class)
public class BudgetConfiguration {

    @Bean
    BudgetLimitStore budgetLimitStore(DataSource dataSource) {
        return new BudgetLimitStore(dataSource, Clock.systemUTC());
    }

    @Bean
    LayeredBudgets budgetSource(BudgetProperties properties, BudgetLimitStore store) {
        return new LayeredBudgets(properties, store);
    }

    @Bean
    BudgetLedger budgetLedger(DataSource dataSource, BudgetProperties properties, ObjectProvider<AlertSink> sinks,
            ObjectProvider<MeterRegistry> registry) {
        List<AlertSink> all = new ArrayList<>();
        all.add(new LoggingAlertSink(registry.getIfAvailable()));
        sinks.orderedStream().forEach(all::add);
        return new BudgetLedger(dataSource, properties, AlertSink.all(all), Clock.systemUTC());
    }

    @Bean
    BudgetEstimator budgetEstimator(BudgetProperties properties) {
        return new BudgetEstimator(properties.defaultMaxOutputTokens());
    }

    @Bean
    BudgetService budgetService(BudgetSource source, BudgetLedger ledger, ObjectProvider<MeterRegistry> registry) {
        return new BudgetService(source, ledger, Clock.systemUTC(), registry.getIfAvailable());
    }

    @Bean
    BudgetExpiry budgetExpiry(BudgetLedger ledger, BudgetProperties properties, LayeredBudgets source,
            ObjectProvider<MeterRegistry> registry) {
        return new BudgetExpiry(ledger, properties, () -> !source.isEmpty(), Clock.systemUTC(),
                registry.getIfAvailable());
    }
}
