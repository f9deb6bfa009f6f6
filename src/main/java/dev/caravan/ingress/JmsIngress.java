package dev.caravan.ingress;

import dev.caravan.api.OpenAiRequestParser;
import dev.caravan.api.OpenAiResponses;
import dev.caravan.gateway.CacheControl;
import dev.caravan.identity.Credentials;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.RequestOptions;
import dev.caravan.pipeline.Failures;
import dev.caravan.pipeline.RequestStart;
import dev.caravan.pipeline.Vars;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The JMS side: a chat request as JSON text on {@code caravan.requests}, the completion back
 * on the message's JMSReplyTo (or {@code caravan.responses}) with the same correlation id.
 * Facts that REST puts in {@code x-caravan-*} headers travel as {@code Caravan*} properties.
 */
@Component("jmsIngress")
public class JmsIngress {

    public static final String P_TASK = "CaravanTask";
    /** The caller's virtual key ({@code ck-...}), as it would follow {@code Bearer}. */
    public static final String P_API_KEY = "CaravanApiKey";
    /** A service's key, as REST's {@code X-Service-Key}. */
    public static final String P_SERVICE_KEY = "CaravanServiceKey";
    public static final String P_REQUEST_ID = "CaravanRequestId";
    public static final String P_ERROR_CODE = "CaravanErrorCode";
    public static final String P_ERROR_MESSAGE = "CaravanErrorMessage";
    private static final String CORRELATION_ID = "JMSCorrelationID";

    private final OpenAiRequestParser parser;
    private final OpenAiResponses render;

    public JmsIngress(OpenAiRequestParser parser, OpenAiResponses render) {
        this.parser = parser;
        this.render = render;
    }

    /**
     * Starts a request: its id and time, and the caller's key taken off the message (property
     * {@value #P_API_KEY}, or {@value #P_SERVICE_KEY} for a service identity).
     */
    public void begin(Exchange exchange) {
        RequestStart.begin(exchange, Channel.JMS);
        Message message = exchange.getMessage();
        String apiKey = message.getHeader(P_API_KEY, String.class);
        exchange.setVariable(Vars.CREDENTIALS, new Credentials(
                apiKey == null || apiKey.isBlank() ? null : "Bearer " + apiKey.strip(),
                message.getHeader(P_SERVICE_KEY, String.class)));
        message.removeHeader(P_API_KEY);
        message.removeHeader(P_SERVICE_KEY);
    }

    public void request(Exchange exchange) {
        String requestId = RequestStart.requestId(exchange);
        Message message = exchange.getMessage();
        String correlation = message.getHeader(CORRELATION_ID, String.class);
        exchange.setVariable("correlationId", correlation != null ? correlation : message.getHeader("JMSMessageID", String.class));
        byte[] body = message.getBody(String.class) == null ? null : message.getBody(String.class).getBytes(StandardCharsets.UTF_8);
        var root = parser.readObject(body);
        exchange.setVariable(Vars.MODEL_REQUESTED, OpenAiRequestParser.modelOf(root));
        var parsed = parser.parseChat(root);
        String task = message.getHeader(P_TASK, String.class);
        exchange.setVariable(Vars.REQUEST, new GatewayRequest(requestId, Channel.JMS, RequestStart.caller(exchange),
                task != null ? task : parsed.task(), parsed.model(), parsed.request().withoutStreaming(),
                RequestOptions.merge(new RequestOptions(message.getHeader("CaravanStrategy", String.class),
                        message.getHeader("CaravanPreferProvider", String.class),
                        message.getHeader("CaravanPreferModel", String.class),
                        new CacheControl("false".equalsIgnoreCase(message.getHeader("CaravanCache", String.class)), false, false)),
                        parsed.options()),
                RequestStart.receivedAt(exchange)));
    }

    public void reply(Exchange exchange) {
        GatewayResponse response = exchange.getVariable(Vars.RESPONSE, GatewayResponse.class);
        Message message = replyMessage(exchange);
        message.setBody(new String(render.chatCompletion(response), StandardCharsets.UTF_8));
        message.setHeader(P_REQUEST_ID, response.requestId());
        message.setHeader("CaravanProvider", response.provider());
        message.setHeader("CaravanModel", response.model());
        message.setHeader("CaravanLatencyMs", response.latencyMs());
        message.setHeader("CaravanCostUsd", OpenAiResponses.costUsd(response.costMicros()));
        var cache = exchange.getVariable(Vars.CACHE_RESULT, dev.caravan.cache.CacheResult.class);
        if (cache != null) {
            message.setHeader("CaravanCache", cache.header());
        }
        var plan = exchange.getVariable(Vars.ATTEMPTS, dev.caravan.resilience.AttemptPlan.class);
        if (plan != null && plan.calls() > 0) {
            message.setHeader("CaravanFallback", plan.fellBack());
            message.setHeader("CaravanAttempts", plan.summary());
        }
    }

    /** Keeps the failed message as it came and adds why it failed, for the dead-letter queue. */
    public void describeFailure(Exchange exchange) {
        GatewayException failure = Failures.logged(exchange);
        Message message = exchange.getMessage();
        message.setHeader(P_REQUEST_ID, RequestStart.requestId(exchange));
        if (failure != null) {
            message.setHeader(P_ERROR_CODE, failure.kind().code());
            message.setHeader(P_ERROR_MESSAGE, failure.getMessage());
        }
    }

    /** The error reply the requester receives instead of a completion. */
    public void errorReply(Exchange exchange) {
        GatewayException failure = Failures.of(exchange);
        Message message = replyMessage(exchange);
        message.setHeader(P_REQUEST_ID, RequestStart.requestId(exchange));
        if (failure != null) {
            message.setHeader(P_ERROR_CODE, failure.kind().code());
            message.setBody(new String(render.error(failure), StandardCharsets.UTF_8));
        }
    }

    /** Drops the caller's own properties so that replies carry only JMS headers and ours. */
    private static Message replyMessage(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*", "JMS*");
        String correlation = exchange.getVariable("correlationId", String.class);
        if (correlation != null) {
            message.setHeader(CORRELATION_ID, correlation);
        }
        return message;
    }
}
