package dev.caravan.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jms.core.JmsTemplate;

/**
 * The budget alert sinks that do I/O, each on its own thread ({@link AsyncAlertSink}):
 * the JMS topic (on unless {@code caravan.budgets.alerts.jms-enabled=false}) and the webhook (when
 * {@code caravan.budgets.alerts.webhook-url} is set). {@link BudgetConfiguration} hands every
 * {@link AlertSink} bean to the ledger.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
public class AlertSinkConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AlertSinkConfiguration.class);

    @Bean
    @Conditional(JmsAlertsEnabled.class)
    AsyncAlertSink jmsAlertSink(AlertProperties properties, ObjectProvider<ConnectionFactory> connections,
            ObjectMapper json, ObjectProvider<MeterRegistry> registry) {
        ConnectionFactory connectionFactory = connections.getIfAvailable();
        AlertSink delivery;
        if (connectionFactory == null) {
            log.warn("No JMS connection factory: budget alerts are not published to {}", properties.jmsTopic());
            delivery = alert -> { };
        } else {
            JmsTemplate topics = new JmsTemplate(connectionFactory);
            topics.setPubSubDomain(true);
            delivery = new JmsAlertSink(topics, properties.jmsTopic(), json);
        }
        return new AsyncAlertSink("jms", delivery, properties.queueCapacity(), registry.getIfAvailable());
    }

    @Bean
    @Conditional(WebhookConfigured.class)
    AsyncAlertSink webhookAlertSink(AlertProperties properties, ObjectMapper json,
            ObjectProvider<MeterRegistry> registry) {
        log.info("Budget alerts are also POSTed to {}", WebhookAlertSink.masked(properties.webhook()));
        return new AsyncAlertSink("webhook", new WebhookAlertSink(properties.webhook(), properties.webhookTimeout(),
                json), properties.queueCapacity(), registry.getIfAvailable());
    }

    /** {@code jms-enabled} not false. */
    static class JmsAlertsEnabled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !"false".equalsIgnoreCase(
                    context.getEnvironment().getProperty("caravan.budgets.alerts.jms-enabled", "true").strip());
        }
    }

    /** {@code webhook-url} set and not blank (the default {@code ${CARAVAN_ALERT_WEBHOOK_URL:}} is blank). */
    static class WebhookConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("caravan.budgets.alerts.webhook-url");
            return url != null && !url.isBlank();
        }
    }
}
