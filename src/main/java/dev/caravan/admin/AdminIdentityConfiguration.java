package dev.caravan.admin;

import dev.caravan.config.CaravanProperties;
import dev.caravan.identity.AdminKey;
import dev.caravan.identity.ApiKeyStore;
import dev.caravan.identity.PlanStore;
import dev.caravan.identity.TenantStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's guard ({@code adminGuard}, shared by every {@code /api/admin/**} route) and the
 * beans behind {@code admin-identity.camel.yaml} ({@code adminIdentityRest}).
 */
@Configuration(proxyBeanMethods = false)
public class AdminIdentityConfiguration {

    @Bean
    AdminGuard adminGuard(AdminKey adminKey) {
        return new AdminGuard(adminKey);
    }

    @Bean
    AdminIdentityService adminIdentityService(PlanStore plans, TenantStore tenants, ApiKeyStore keys,
            ChangeFeed changeFeed) {
        return new AdminIdentityService(plans, tenants, keys, changeFeed);
    }

    @Bean
    AdminIdentityRest adminIdentityRest(AdminIdentityService service, CaravanProperties properties) {
        return new AdminIdentityRest(service, new AdminIdentityJson(), properties.maxRequestSize().toBytes());
    }
}
