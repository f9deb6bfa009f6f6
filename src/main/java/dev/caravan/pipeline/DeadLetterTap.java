package dev.caravan.pipeline;

import dev.caravan.classify.Classification;
import dev.caravan.deadletter.DeadLetter;
import dev.caravan.deadletter.DeadLetterCodec;
import dev.caravan.deadletter.DeadLetterService;
import dev.caravan.deadletter.NewDeadLetter;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.resilience.AttemptPlan;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dead-letter channel's adapter: decides which failures are dead letters (not the caller's
 * own mistakes, which are answered directly), and keeps each one for replay with where its
 * caller waits. Storing never changes what the caller gets: a store failure is logged only.
 */
@Component("deadLetterTap")
public class DeadLetterTap {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterTap.class);

    private final DeadLetterService service;
    private final DeadLetterCodec codec;

    public DeadLetterTap(DeadLetterService service, DeadLetterCodec codec) {
        this.service = service;
        this.codec = codec;
    }

    /** Whether the caller caused this failure (bad input, refused by policy): answered, not dead-lettered. */
    public boolean isCallerFault(Throwable error) {
        return Failures.of(error, null).kind().isCallerError();
    }

    /** For channels without a dead-letter channel (files): stores the request unless the caller caused the failure. */
    public void recordUnlessCallerFault(Exchange exchange) {
        GatewayException failure = Failures.logged(exchange);
        if (failure != null && !failure.kind().isCallerError()) {
            record(exchange);
        }
    }

    /** Stores the failed request; sets the variable {@code deadLetter}. */
    public void record(Exchange exchange) {
        GatewayException failure = Failures.logged(exchange);
        GatewayRequest request = exchange.getVariable(Vars.REQUEST, GatewayRequest.class);
        if (request == null || failure == null) {
            return; // failed before a request existed: nothing to replay
        }
        try {
            GatewayRequest original = exchange.getVariable("originalRequest", GatewayRequest.class);
            AttemptPlan plan = exchange.getVariable(Vars.ATTEMPTS, AttemptPlan.class);
            NewDeadLetter letter = NewDeadLetter.of(original != null ? original : request,
                            exchange.getVariable(Vars.CLASSIFICATION, Classification.class), failure.kind().code(),
                            failure.getMessage())
                    .withAttempts(plan == null ? null : plan.summary())
                    .withReplyTo(replyTo(exchange, request.channel()), exchange.getVariable("correlationId", String.class));
            DeadLetter stored = service.record(letter);
            exchange.setVariable("deadLetter", stored);
        } catch (RuntimeException e) {
            log.error("Request {} could not be stored as a dead letter: {}", request.requestId(), e.toString());
        }
    }

    /** The JSON published on caravan.dlq: metadata and the masked or encrypted request, never the request in clear. */
    public String envelope(Exchange exchange) {
        DeadLetter letter = exchange.getVariable("deadLetter", DeadLetter.class);
        return letter == null ? null : codec.envelope(letter);
    }

    private static String replyTo(Exchange exchange, Channel channel) {
        return switch (channel) {
            case JMS -> destinationName(exchange.getMessage().getHeader("JMSReplyTo"));
            case FILE -> exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            case REST -> null;
        };
    }

    private static String destinationName(Object destination) {
        try {
            if (destination instanceof Queue queue) {
                return queue.getQueueName();
            }
            if (destination instanceof Topic topic) {
                return topic.getTopicName();
            }
        } catch (JMSException e) {
            log.warn("Reply destination unreadable: {}", e.toString());
        }
        return null;
    }
}
