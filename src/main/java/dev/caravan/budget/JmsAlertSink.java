package dev.caravan.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.TextMessage;
import java.util.Objects;
import org.springframework.jms.core.JmsTemplate;

/**
 * Publishes each alert as JSON ({@link AlertPayload}) to a JMS topic ({@code caravan.alerts} by
 * default), with the string properties {@code scope}, {@code period}, {@code dimension} and the
 * int property {@code threshold} for subscribers' selectors. Blocks on the broker: run it through
 * an {@link AsyncAlertSink}.
 */
public class JmsAlertSink implements AlertSink {

    private final JmsTemplate jms;
    private final String topic;
    private final ObjectMapper json;

    /** @param jms a template for topics ({@code pubSubDomain} true) */
    public JmsAlertSink(JmsTemplate jms, String topic, ObjectMapper json) {
        this.jms = Objects.requireNonNull(jms, "jms");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.json = Objects.requireNonNull(json, "json");
        if (!jms.isPubSubDomain()) {
            throw new IllegalArgumentException("budget alerts go to a topic: the JmsTemplate must be pub-sub");
        }
    }

    @Override
    public void alert(BudgetAlert alert) {
        String body = write(AlertPayload.of(alert));
        jms.send(topic, session -> {
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("scope", alert.budget().scope().id());
            message.setStringProperty("period", alert.budget().period().id());
            message.setStringProperty("dimension", alert.dimension().id());
            message.setIntProperty("threshold", alert.thresholdPercent());
            return message;
        });
    }

    private String write(AlertPayload payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("budget alert cannot be written as JSON", e);
        }
    }
}
