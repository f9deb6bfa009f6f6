package dev.caravan.ingress;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * Spring Boot's embedded Artemis is in-VM only. This opens a TCP acceptor so that other
 * applications on the machine can put requests on {@code caravan.requests}
 * ({@code tcp://127.0.0.1:61616} by default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "caravan.ingress.jms.broker.acceptor-enabled", havingValue = "true", matchIfMissing = true)
class EmbeddedBrokerConfiguration {

    @Bean
    ArtemisConfigurationCustomizer caravanTcpAcceptor(@Value("${caravan.ingress.jms.broker.host}") String host,
                                                      @Value("${caravan.ingress.jms.broker.port}") int port) {
        return configuration -> configuration.addAcceptorConfiguration(new TransportConfiguration(
                NettyAcceptorFactory.class.getName(),
                Map.of(TransportConstants.HOST_PROP_NAME, host, TransportConstants.PORT_PROP_NAME, port),
                "caravan-tcp"));
    }
}
