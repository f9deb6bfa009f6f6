package dev.caravan.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.classify.Classification;
import dev.caravan.classify.PolicyAction;
import dev.caravan.classify.SecurityProperties;
import dev.caravan.classify.Sensitivity;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestOptions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The route-model step exactly as proposed for pipeline.camel.yaml: Camel binds the simple
 * expressions to {@code route(GatewayRequest, Set, String)}.
 */
class RoutingCamelBindingTest {

    static final String ROUTE = """
            - route:
                id: route-model
                from:
                  uri: direct:route-model
                  steps:
                    - setVariable:
                        name: route
                        method:
                          ref: modelRouter
                          method: "route(${variable.request}, ${variable.policy.allowed}, ${variable.classification.sensitivity.id()})"
            """;

    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("modelRouter", new RoutingFleet().withTypicalLatencies().router());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("route-model.camel.yaml", ROUTE));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private static GatewayRequest request(String model, RequestOptions options) {
        var payload = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, "hi, how are you?", null)), null,
                null, null, null, null, null, null, null, null, false, false);
        return new GatewayRequest("req_1", Channel.REST, Caller.anonymous(), null, model, payload, options, Instant.now());
    }

    private Exchange send(GatewayRequest request, Sensitivity sensitivity, Set<SecurityLevel> allowed) {
        return producer.send("direct:route-model", e -> {
            e.setVariable("request", request);
            e.setVariable("classification", new Classification(sensitivity, List.of()));
            e.setVariable("policy", new SecurityProperties.LevelPolicy(allowed, PolicyAction.ROUTE));
        });
    }

    @Test
    void should_route_with_the_policy_levels_and_request_options_when_called_from_yaml() {
        Exchange e = send(request("auto", new RequestOptions("quality", null, null)), Sensitivity.CONFIDENTIAL,
                Set.of(SecurityLevel.LOCAL, SecurityLevel.PRIVATE));

        assertThat(e.getException()).isNull();
        RouteDecision d = e.getVariable("route", RouteDecision.class);
        assertThat(d.primary().id()).isEqualTo("private-mid");
        assertThat(d.explanation()).startsWith("quality: private-mid ").contains(" sensitivity=confidential ")
                .contains(" via=request");
    }

    @Test
    void should_refuse_when_the_policy_allows_nothing() {
        Exchange e = send(request("auto", null), Sensitivity.RESTRICTED, Set.of());

        assertThat(gatewayFailure(e).kind().code()).isEqualTo("no_model_cleared");
    }

    @Test
    void should_fail_closed_when_the_policy_variable_is_missing() {
        Exchange e = producer.send("direct:route-model", x -> {
            x.setVariable("request", request("auto", null));
            x.setVariable("classification", new Classification(Sensitivity.PUBLIC, List.of()));
        });

        assertThat(gatewayFailure(e).kind().code()).isEqualTo("no_model_cleared");
    }

    /** As the pipeline's error handling finds it: the first GatewayException in the cause chain. */
    private static GatewayException gatewayFailure(Exchange e) {
        for (Throwable t = e.getException(); t != null; t = t.getCause()) {
            if (t instanceof GatewayException g) {
                return g;
            }
        }
        throw new AssertionError("no GatewayException in " + e.getException());
    }
}
