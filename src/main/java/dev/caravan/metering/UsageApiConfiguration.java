package dev.caravan.metering;

import dev.caravan.identity.ReadAccess;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans behind {@code usage.camel.yaml}'s usage endpoints. */
@Configuration(proxyBeanMethods = false)
public class UsageApiConfiguration {

    @Bean
    UsageAnalytics usageAnalytics(DataSource dataSource) {
        return new UsageAnalytics(dataSource);
    }

    @Bean
    UsageApi usageApi(ReadAccess access, UsageAnalytics analytics, UsageSummaryService summaries) {
        return new UsageApi(access, analytics, summaries, Clock.systemUTC());
    }
}
