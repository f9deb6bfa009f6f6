package dev.caravan.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.e2e.UsageRecords;
import dev.caravan.metering.MeteringRecorder;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/** JMS request/reply and dead-lettering on the embedded Artemis broker. */
@GatewayTest
class JmsIngressTest {

    static final String CHAT = "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello over JMS\"}]}";

    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    ObjectMapper json;
    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;

    JmsTemplate jms;

    @BeforeEach
    void setUp() {
        jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(15_000);
    }

    @Test
    void should_answer_on_reply_to_with_same_correlation_id_when_reply_to_is_set() throws Exception {
        String correlation = "corr-" + UUID.randomUUID();

        Message reply = jms.sendAndReceive("caravan.requests", session -> {
            TextMessage message = session.createTextMessage(CHAT);
            message.setJMSCorrelationID(correlation);
            return message;
        });

        assertThat(reply).isNotNull();
        assertThat(reply.getJMSCorrelationID()).isEqualTo(correlation);
        JsonNode completion = json.readTree(((TextMessage) reply).getText());
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("usage").path("completion_tokens").asLong()).isPositive();
        assertThat(reply.getStringProperty("CaravanModel")).isEqualTo("sim-small");
        assertThat(reply.getStringProperty("CaravanProvider")).isEqualTo("simulator");

        Map<String, Object> record = new UsageRecords(recorder, jdbc).one(reply.getStringProperty("CaravanRequestId"));
        assertThat(record.get("CHANNEL")).isEqualTo("jms");
        assertThat(record.get("STATUS")).isEqualTo("ok");
    }

    @Test
    void should_answer_on_responses_queue_when_message_has_no_reply_to() throws Exception {
        String correlation = "corr-" + UUID.randomUUID();

        jms.send("caravan.requests", session -> {
            TextMessage message = session.createTextMessage(CHAT);
            message.setJMSCorrelationID(correlation);
            return message;
        });
        Message reply = jms.receiveSelected("caravan.responses", "JMSCorrelationID = '" + correlation + "'");

        assertThat(reply).isNotNull();
        assertThat(json.readTree(((TextMessage) reply).getText()).path("object").asText()).isEqualTo("chat.completion");
    }

    @Test
    void should_dead_letter_with_cause_when_message_cannot_be_processed() throws Exception {
        String correlation = "corr-" + UUID.randomUUID();

        jms.send("caravan.requests", session -> {
            TextMessage message = session.createTextMessage("{\"model\":\"sim-small\",\"messages\":[]}");
            message.setJMSCorrelationID(correlation);
            return message;
        });
        Message dead = jms.receiveSelected("caravan.dlq", "JMSCorrelationID = '" + correlation + "'");
        Message errorReply = jms.receiveSelected("caravan.responses", "JMSCorrelationID = '" + correlation + "'");

        assertThat(dead).isNotNull();
        assertThat(((TextMessage) dead).getText()).isEqualTo("{\"model\":\"sim-small\",\"messages\":[]}");
        assertThat(dead.getStringProperty("CaravanErrorCode")).isEqualTo("invalid_request");
        assertThat(dead.getStringProperty("CaravanErrorMessage")).contains("messages");
        assertThat(errorReply).isNotNull();
        assertThat(json.readTree(((TextMessage) errorReply).getText()).path("error").path("code").asText()).isEqualTo("invalid_request");

        Map<String, Object> record = new UsageRecords(recorder, jdbc).one(dead.getStringProperty("CaravanRequestId"));
        assertThat(record.get("STATUS")).isEqualTo("rejected");
        assertThat(record.get("CHANNEL")).isEqualTo("jms");
    }
}
