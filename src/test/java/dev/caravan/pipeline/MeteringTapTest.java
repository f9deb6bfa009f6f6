package dev.caravan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.classify.Classification;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import dev.caravan.classify.Sensitivity;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.RequestPayload;
import dev.caravan.gateway.TokenUsage;
import dev.caravan.metering.UsageRecord;
import dev.caravan.routing.RouteDecision;
import dev.caravan.routing.TestModels;
import dev.caravan.routing.TestRequests;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeteringTapTest {

    private static final ModelProperties SIM_SMALL = TestModels.model("sim-small").prices(150_000, 600_000).build();
    private static final ModelProperties GPT = TestModels.model("gpt-4o").provider(ProviderType.OPENAI)
            .apiKeyEnv("OPENAI_API_KEY").securityLevel(SecurityLevel.PUBLIC).build();

    private CamelContext camel;
    private Exchange exchange;
    private String requestId;
    private Instant receivedAt;

    @BeforeEach
    void setUp() {
        camel = new DefaultCamelContext();
        exchange = new DefaultExchange(camel);
        requestId = RequestStart.begin(exchange, Channel.REST);
        receivedAt = exchange.getVariable(Vars.RECEIVED_AT, Instant.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        camel.close();
    }

    private GatewayRequest request(String model, RequestPayload payload, Caller caller, String task) {
        var request = TestRequests.request(requestId, model, payload, caller, task, receivedAt);
        exchange.setVariable(Vars.REQUEST, request);
        return request;
    }

    private static ChatRequest chat(boolean stream) {
        return TestRequests.chatPayload(stream);
    }

    private UsageRecord record() {
        return MeteringTap.toRecord(exchange, receivedAt.plusMillis(250));
    }

    @Test
    void should_record_tokens_cost_and_model_when_the_request_succeeded() {
        // given
        request("auto", chat(false), new Caller("acme", "alice", "billing", "key_1"), "flashcards");
        exchange.setVariable(Vars.ROUTE, new RouteDecision(List.of(SIM_SMALL, GPT), "auto"));
        exchange.setVariable(Vars.RESPONSE, new GatewayResponse(requestId, "simulator", "sim-small", "Hello", "stop",
                null, new TokenUsage(12, 30), 4_321, 200, receivedAt.getEpochSecond()));

        // when
        UsageRecord r = record();

        // then
        assertThat(r.requestId()).isEqualTo(requestId);
        assertThat(r.createdAt()).isEqualTo(receivedAt);
        assertThat(r.channel()).isEqualTo("rest");
        assertThat(r.kind()).isEqualTo("chat");
        assertThat(r.tenant()).isEqualTo("acme");
        assertThat(r.userId()).isEqualTo("alice");
        assertThat(r.service()).isEqualTo("billing");
        assertThat(r.keyId()).isEqualTo("key_1");
        assertThat(r.task()).isEqualTo("flashcards");
        assertThat(r.modelRequested()).isEqualTo("auto");
        assertThat(r.provider()).isEqualTo("simulator");
        assertThat(r.model()).isEqualTo("sim-small");
        assertThat(r.inputTokens()).isEqualTo(12);
        assertThat(r.outputTokens()).isEqualTo(30);
        assertThat(r.costMicros()).isEqualTo(4_321);
        assertThat(r.latencyMs()).isEqualTo(250);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.errorCode()).isNull();
        assertThat(r.streamed()).isFalse();
        assertThat(r.route()).isEqualTo("auto");
        assertThat(r.sensitivity()).isNull();
        assertThat(r.findingTypes()).isNull();
    }

    @Test
    void should_flag_the_record_as_streamed_when_the_request_streamed() {
        request("sim-small", chat(true), Caller.anonymous(), null);
        exchange.setVariable(Vars.RESPONSE, new GatewayResponse(requestId, "simulator", "sim-small", "Hi", "stop",
                null, new TokenUsage(1, 2), 0, 5, 0));

        UsageRecord r = record();

        assertThat(r.streamed()).isTrue();
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.tenant()).isNull();
    }

    @Test
    void should_record_an_embedding_when_the_payload_is_an_embedding_request() {
        request("minilm", new EmbeddingRequest(List.of("a")), Caller.anonymous(), null);
        exchange.setVariable(Vars.RESPONSE, new GatewayResponse(requestId, "in-process", "minilm", null, null,
                List.of(new float[] {1f}), new TokenUsage(3, 0), 0, 5, 0));

        assertThat(record().kind()).isEqualTo("embedding");
    }

    @Test
    void should_measure_latency_from_arrival_when_time_has_passed() {
        UsageRecord r = MeteringTap.toRecord(exchange, Instant.now());

        assertThat(r.latencyMs()).isGreaterThanOrEqualTo(0);
        assertThat(r.createdAt()).isEqualTo(receivedAt);
    }

    @Test
    void should_clamp_latency_to_zero_when_the_clock_went_backwards() {
        assertThat(MeteringTap.toRecord(exchange, receivedAt.minusSeconds(5)).latencyMs()).isZero();
    }

    @Test
    void should_record_a_rejection_with_the_requested_model_when_validation_failed_before_parsing() {
        // given: the routes keep the model even when the body fails validation
        exchange.setVariable(Vars.MODEL_REQUESTED, "sim-small");
        exchange.setException(GatewayException.invalid("'messages' is required.", "messages"));

        // when
        UsageRecord r = record();

        // then
        assertThat(r.status()).isEqualTo("rejected");
        assertThat(r.errorCode()).isEqualTo("invalid_request");
        assertThat(r.modelRequested()).isEqualTo("sim-small");
        assertThat(r.kind()).isEqualTo("chat");
        assertThat(r.channel()).isEqualTo("rest");
        assertThat(r.provider()).isNull();
        assertThat(r.model()).isNull();
        assertThat(r.inputTokens()).isZero();
        assertThat(r.outputTokens()).isZero();
        assertThat(r.costMicros()).isZero();
        assertThat(r.streamed()).isFalse();
        assertThat(r.route()).isNull();
    }

    @Test
    void should_take_provider_and_model_from_the_route_when_the_provider_failed() {
        // given
        request("auto", chat(false), Caller.anonymous(), null);
        exchange.setVariable(Vars.ROUTE, new RouteDecision(List.of(GPT, SIM_SMALL), "auto"));
        exchange.setException(new GatewayException(ErrorKind.PROVIDER_ERROR, "Provider openai failed with HTTP 500."));

        // when
        UsageRecord r = record();

        // then
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.errorCode()).isEqualTo("provider_error");
        assertThat(r.provider()).isEqualTo("openai");
        assertThat(r.model()).isEqualTo("gpt-4o");
        assertThat(r.modelRequested()).isEqualTo("auto");
        assertThat(r.costMicros()).isZero();
        assertThat(r.route()).isEqualTo("auto");
    }

    @Test
    void should_record_sensitivity_and_distinct_finding_types_when_the_request_was_classified() {
        // given: two e-mail addresses and a phone number, never their values
        request("auto", chat(false), Caller.anonymous(), null);
        exchange.setVariable(Vars.CLASSIFICATION, new Classification(Sensitivity.CONFIDENTIAL, List.of(
                new Finding(FindingType.PHONE, 0, 30, 42, "phone", 0.9),
                new Finding(FindingType.EMAIL, 0, 0, 10, "email", 0.99),
                new Finding(FindingType.EMAIL, 1, 5, 20, "email", 0.99))));

        // when
        UsageRecord r = record();

        // then
        assertThat(r.sensitivity()).isEqualTo("confidential");
        assertThat(r.findingTypes()).isEqualTo("EMAIL,PHONE");
    }

    @Test
    void should_record_the_level_without_finding_types_when_nothing_was_found() {
        request("auto", chat(false), Caller.anonymous(), null);
        exchange.setVariable(Vars.CLASSIFICATION, Classification.PUBLIC);

        UsageRecord r = record();

        assertThat(r.sensitivity()).isEqualTo("public");
        assertThat(r.findingTypes()).isNull();
    }

    @Test
    void should_record_the_classification_when_the_request_was_blocked() {
        exchange.setVariable(Vars.MODEL_REQUESTED, "auto");
        exchange.setVariable(Vars.CLASSIFICATION, new Classification(Sensitivity.RESTRICTED,
                List.of(new Finding(FindingType.PRIVATE_KEY, 0, 0, 100, "private-key", 1.0))));
        exchange.setException(new GatewayException(ErrorKind.SENSITIVE_CONTENT_BLOCKED, "blocked"));

        UsageRecord r = record();

        assertThat(r.status()).isEqualTo("rejected");
        assertThat(r.errorCode()).isEqualTo("sensitive_content_blocked");
        assertThat(r.sensitivity()).isEqualTo("restricted");
        assertThat(r.findingTypes()).isEqualTo("PRIVATE_KEY");
    }

    @Test
    void should_record_an_internal_error_when_an_unexpected_exception_escaped() {
        request("sim-small", chat(false), Caller.anonymous(), null);
        exchange.setException(new IllegalStateException("boom"));

        UsageRecord r = record();

        assertThat(r.status()).isEqualTo("error");
        assertThat(r.errorCode()).isEqualTo("internal_error");
    }

    @Test
    void should_record_the_failure_when_an_error_handler_handled_it() {
        // given: after a handled onException, Camel clears the exception but keeps it as a
        // property, and the ingress error handler reports it through Failures.logged
        request("sim-small", chat(false), Caller.anonymous(), null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new GatewayException(ErrorKind.PROVIDER_TIMEOUT, "Provider simulator did not answer in time."));
        Failures.logged(exchange);

        // when
        UsageRecord r = record();

        // then
        assertThat(exchange.getException()).isNull();
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.errorCode()).isEqualTo("provider_timeout");
    }

    @Test
    void should_not_count_an_attempt_the_fallback_chain_recovered_from() {
        // given: a failed attempt caught by doTry/doCatch leaves EXCEPTION_CAUGHT behind
        request("sim-small", chat(false), Caller.anonymous(), null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new GatewayException(ErrorKind.PROVIDER_ERROR, "first try"));

        // when
        UsageRecord r = record();

        // then
        assertThat(r.status()).isEqualTo("ok");
    }

    @Test
    void should_count_a_caller_error_as_rejected_and_rate_limits_or_client_closes_as_errors() {
        request("sim-small", chat(true), Caller.anonymous(), null);

        exchange.setException(new GatewayException(ErrorKind.MODEL_NOT_FOUND, "no such model"));
        assertThat(record().status()).isEqualTo("rejected");

        exchange.setException(new GatewayException(ErrorKind.PROVIDER_REJECTED, "provider said no"));
        assertThat(record().status()).isEqualTo("rejected");

        exchange.setException(new GatewayException(ErrorKind.PROVIDER_RATE_LIMITED, "slow down"));
        assertThat(record().status()).isEqualTo("error");

        exchange.setException(new GatewayException(ErrorKind.CLIENT_CLOSED, "gone"));
        UsageRecord closed = record();
        assertThat(closed.status()).isEqualTo("error");
        assertThat(closed.errorCode()).isEqualTo("client_closed_request");
        assertThat(closed.streamed()).isTrue();
    }

    @Test
    void should_record_channel_unknown_when_no_channel_was_stamped() {
        exchange.removeVariable(Vars.CHANNEL);

        assertThat(record().channel()).isEqualTo("unknown");
    }

    @Test
    void should_use_the_channel_of_the_exchange_when_it_came_from_another_ingress() {
        Exchange jms = new DefaultExchange(camel);
        RequestStart.begin(jms, Channel.JMS);

        UsageRecord r = MeteringTap.toRecord(jms, Instant.now());

        assertThat(r.channel()).isEqualTo("jms");
        assertThat(r.requestId()).isEqualTo(jms.getVariable(Vars.REQUEST_ID, String.class)).isNotEqualTo(requestId);
    }
}
