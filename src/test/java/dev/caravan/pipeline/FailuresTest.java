package dev.caravan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.util.concurrent.CompletionException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void tearDown() throws Exception {
        camel.close();
    }

    @Test
    void should_return_the_gateway_exception_when_it_is_the_error_itself() {
        var known = new GatewayException(ErrorKind.MODEL_NOT_FOUND, "no such model", "model");

        assertThat(Failures.of(known, "req_1")).isSameAs(known);
    }

    @Test
    void should_find_the_gateway_exception_when_it_is_deep_in_the_cause_chain() {
        var known = new GatewayException(ErrorKind.PROVIDER_TIMEOUT, "too slow");
        var wrapped = new RuntimeException("outer", new CompletionException(new IllegalStateException("mid", known)));

        assertThat(Failures.of(wrapped, "req_1")).isSameAs(known);
    }

    @Test
    void should_hide_the_message_and_name_the_request_when_the_exception_is_unknown() {
        // when
        GatewayException e = Failures.of(new NullPointerException("secret internals: password=hunter2"), "req_42");

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(e.getMessage()).contains("req_42").doesNotContain("hunter2").doesNotContain("secret");
        assertThat(e.param()).isNull();
    }

    @Test
    void should_return_null_when_the_exchange_succeeded() {
        Exchange exchange = new DefaultExchange(camel);

        assertThat(Failures.of(exchange)).isNull();
        assertThat(Failures.logged(exchange)).isNull();
    }

    @Test
    void should_use_the_request_id_of_the_exchange_when_the_exception_is_unknown() {
        Exchange exchange = new DefaultExchange(camel);
        String requestId = RequestStart.begin(exchange, Channel.JMS);
        exchange.setException(new IllegalArgumentException("bad"));

        GatewayException e = Failures.of(exchange);

        assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(e.getMessage()).contains(requestId);
    }

    @Test
    void should_report_the_caught_exception_once_an_error_handler_logged_it() {
        Exchange exchange = new DefaultExchange(camel);
        var known = GatewayException.invalid("bad", "model");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, known);

        assertThat(Failures.of(exchange)).as("caught and handled inside the pipeline: not a failure").isNull();
        assertThat(Failures.logged(exchange)).isSameAs(known);
        assertThat(Failures.of(exchange)).as("reported by an error handler").isSameAs(known);
    }

    @Test
    void should_prefer_the_live_exception_when_both_are_present() {
        Exchange exchange = new DefaultExchange(camel);
        var live = new GatewayException(ErrorKind.PROVIDER_ERROR, "live");
        exchange.setException(live);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, GatewayException.invalid("old", null));

        assertThat(Failures.of(exchange)).isSameAs(live);
    }

    @Test
    void should_map_unknown_failures_to_internal_when_logging() {
        Exchange exchange = new DefaultExchange(camel);
        RequestStart.begin(exchange, Channel.REST);
        exchange.setException(new IllegalStateException("boom"));

        assertThat(Failures.logged(exchange).kind()).isEqualTo(ErrorKind.INTERNAL);
    }
}
