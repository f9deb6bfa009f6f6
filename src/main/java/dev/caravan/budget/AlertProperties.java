package dev.caravan.budget;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code caravan.budgets.alerts}: where budget alerts go besides the log and the metric.
 *
 * @param jmsEnabled     publish alerts to {@code jmsTopic} (default true)
 * @param jmsTopic       the JMS topic (default {@value #DEFAULT_TOPIC})
 * @param webhookUrl     POST alerts here ({@code CARAVAN_ALERT_WEBHOOK_URL}); blank: no webhook
 * @param webhookTimeout connect and request timeout of the webhook (default 5s)
 * @param queueCapacity  alerts that may wait for each sink before further ones are dropped (default 1000)
 */
@ConfigurationProperties(prefix = "caravan.budgets.alerts")
public record AlertProperties(Boolean jmsEnabled, String jmsTopic, String webhookUrl, Duration webhookTimeout,
        Integer queueCapacity) {

    public static final String DEFAULT_TOPIC = "caravan.alerts";
    public static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    private static final String PREFIX = "caravan.budgets.alerts.";

    public AlertProperties {
        jmsEnabled = jmsEnabled == null || jmsEnabled;
        jmsTopic = jmsTopic == null || jmsTopic.isBlank() ? DEFAULT_TOPIC : jmsTopic.strip();
        webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.strip();
        if (webhookUrl != null) {
            try {
                WebhookAlertSink.check(new URI(webhookUrl));
            } catch (URISyntaxException | IllegalArgumentException e) {
                // the URL may hold a secret: the message does not repeat it
                throw new IllegalArgumentException(PREFIX + "webhook-url (CARAVAN_ALERT_WEBHOOK_URL) must be an"
                        + " absolute http(s) URL with a host");
            }
        }
        if (webhookTimeout == null) {
            webhookTimeout = DEFAULT_WEBHOOK_TIMEOUT;
        } else if (webhookTimeout.isNegative() || webhookTimeout.isZero()) {
            throw new IllegalArgumentException(PREFIX + "webhook-timeout must be positive: " + webhookTimeout);
        }
        if (queueCapacity == null) {
            queueCapacity = DEFAULT_QUEUE_CAPACITY;
        } else if (queueCapacity < 1) {
            throw new IllegalArgumentException(PREFIX + "queue-capacity must be positive: " + queueCapacity);
        }
    }

    public static AlertProperties defaults() {
        return new AlertProperties(null, null, null, null, null);
    }

    /** The webhook, or null when none is configured. */
    public URI webhook() {
        return webhookUrl == null ? null : URI.create(webhookUrl);
    }

    @Override
    public String toString() {
        return "AlertProperties[jmsEnabled=" + jmsEnabled + ", jmsTopic=" + jmsTopic + ", webhookUrl="
                + (webhookUrl == null ? "none" : WebhookAlertSink.masked(webhook())) + ", webhookTimeout="
                + webhookTimeout + ", queueCapacity=" + queueCapacity + "]";
    }
}
