package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.GatewayTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Request-level routing overrides, as headers and as body fields; the decision explains itself
 * in x-caravan-route. (Tenant and tenant+service overrides are covered by RoutingOverridesTest
 * against the overrides table; callers carry no tenant until the governance issue.)
 */
@GatewayTest
class RoutingOverridesE2ETest {

    static final String HELLO = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]%s}";

    @LocalServerPort
    int port;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void should_pick_cheapest_and_explain_when_auto_gets_a_simple_prompt() throws Exception {
        HttpResponse<String> response = post(String.format(HELLO, ""), null, null);

        assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-small");
        assertThat(response.headers().firstValue("x-caravan-route")).hasValueSatisfying(route -> assertThat(route)
                .startsWith("balanced: sim-small").contains("complexity=simple").contains("sensitivity=public")
                .contains("candidates=3"));
    }

    @Test
    void should_follow_strategy_header_when_request_overrides_it() throws Exception {
        HttpResponse<String> response = post(String.format(HELLO, ""), "x-caravan-strategy", "quality");

        assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-large");
        assertThat(response.headers().firstValue("x-caravan-route")).hasValueSatisfying(r -> assertThat(r).startsWith("quality:"));
    }

    @Test
    void should_follow_preferred_model_when_given_as_body_field() throws Exception {
        HttpResponse<String> response = post(String.format(HELLO, ",\"prefer_model\":\"sim-medium\""), null, null);

        assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-medium");
    }

    @Test
    void should_let_header_win_over_body_field() throws Exception {
        HttpResponse<String> response = post(String.format(HELLO, ",\"prefer_model\":\"sim-medium\""),
                "x-caravan-prefer-model", "sim-large");

        assertThat(response.headers().firstValue("x-caravan-model")).hasValue("sim-large");
    }

    private HttpResponse<String> post(String body, String header, String value) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                // routing is decided only on a cache miss: these requests must reach the router every time
                .header("x-caravan-cache", "false");
        if (header != null) {
            builder.header(header, value);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }
}
