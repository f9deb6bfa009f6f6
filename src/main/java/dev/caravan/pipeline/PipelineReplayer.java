package dev.caravan.pipeline;

import dev.caravan.api.OpenAiResponses;
import dev.caravan.deadletter.DeadLetter;
import dev.caravan.deadletter.ReplayResult;
import dev.caravan.deadletter.Replayer;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Replays a dead letter through the pipeline (route {@code replay}, metered as a request of its
 * own) and delivers the answer where the original caller waits: its JMS reply destination with
 * the original correlation id, or the file outbox. A REST caller is gone by then: the answer is
 * kept with the dead letter.
 */
@Component
class PipelineReplayer implements Replayer {

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final OpenAiResponses render;
    private final JmsTemplate jms;
    private final Path outbox;

    PipelineReplayer(CamelContext camel, ProducerTemplate producer, OpenAiResponses render, JmsTemplate jms,
                     @Value("${caravan.ingress.file.outbox}") String outbox) {
        this.camel = camel;
        this.producer = producer;
        this.render = render;
        this.jms = jms;
        this.outbox = Path.of(outbox);
    }

    @Override
    public ReplayResult replay(GatewayRequest request, DeadLetter letter) {
        GatewayRequest oneShot = request.payload() instanceof ChatRequest chat ? request.withPayload(chat.withoutStreaming()) : request;
        Exchange exchange = new DefaultExchange(camel);
        exchange.setVariable(Vars.REQUEST_ID, oneShot.requestId());
        exchange.setVariable(Vars.CHANNEL, oneShot.channel());
        exchange.setVariable(Vars.RECEIVED_AT, oneShot.receivedAt());
        exchange.setVariable(Vars.MODEL_REQUESTED, oneShot.model());
        exchange.setVariable(Vars.REQUEST, oneShot);
        Exchange done = producer.send("direct:replay", exchange);
        if (done.getException() != null) {
            throw Failures.of(done.getException(), oneShot.requestId());
        }
        GatewayResponse response = done.getVariable(Vars.RESPONSE, GatewayResponse.class);
        String json = new String(request.payload() instanceof ChatRequest ? render.chatCompletion(response)
                : render.embeddings(response, false), StandardCharsets.UTF_8);
        if (letter.replyTo() == null) {
            return ReplayResult.undelivered(json);
        }
        return switch (letter.channel()) {
            case JMS -> {
                jms.send(letter.replyTo(), session -> {
                    var message = session.createTextMessage(json);
                    if (letter.correlationId() != null) {
                        message.setJMSCorrelationID(letter.correlationId());
                    }
                    message.setStringProperty("CaravanRequestId", oneShot.requestId());
                    return message;
                });
                yield ReplayResult.answeredAndDelivered();
            }
            case FILE -> writeOutbox(letter.replyTo(), json);
            case REST -> ReplayResult.undelivered(json);
        };
    }

    private ReplayResult writeOutbox(String fileName, String json) {
        Path target = outbox.resolve(fileName + ".json").normalize();
        if (!target.getParent().equals(outbox.normalize())) {
            return ReplayResult.undelivered(json); // a stored name must never leave the outbox
        }
        try {
            Files.createDirectories(outbox);
            Path temp = Files.writeString(outbox.resolve(".writing-" + target.getFileName()), json);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return ReplayResult.answeredAndDelivered();
        } catch (IOException e) {
            return ReplayResult.undelivered(json);
        }
    }
}
