package dev.caravan.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link ReadAccess} on the identity beans, for every read endpoint that shows per-tenant data. */
@Configuration(proxyBeanMethods = false)
public class ReadAccessConfiguration {

    @Bean
    ReadAccess readAccess(AdminKey adminKey, Authenticator authenticator) {
        return new ReadAccess(adminKey, authenticator);
    }
}
