package dev.caravan.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.routing.TestModels;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderErrorsTest {

    private static final ModelProperties MODEL = TestModels.model("gpt-4o").provider(ProviderType.OPENAI)
            .apiKeyEnv("OPENAI_API_KEY").build();

    private static GatewayException map(Throwable error) {
        return ProviderErrors.map(error, MODEL);
    }

    @Test
    void should_map_to_provider_auth_without_the_key_when_authentication_fails() {
        // given: providers echo (part of) the key back
        var error = new AuthenticationException("Incorrect API key provided: sk-secret123. You can find your key at ...");

        // when
        GatewayException e = map(error);

        // then
        assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_AUTH);
        assertThat(e.getMessage()).doesNotContain("sk-secret123").doesNotContain("Incorrect API key");
        assertThat(e.getMessage()).contains("openai").contains("gpt-4o");
        assertThat(e.getCause()).isSameAs(error);
    }

    @Test
    void should_map_to_provider_auth_without_the_key_when_http_401_quotes_it() {
        GatewayException e = map(new HttpException(401, "{\"error\":\"invalid key sk-secret123\"}"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_AUTH);
        assertThat(e.getMessage()).doesNotContain("sk-secret123");
    }

    @Test
    void should_map_to_rate_limited_when_the_provider_rate_limits() {
        assertThat(map(new RateLimitException("slow down")).kind()).isEqualTo(ErrorKind.PROVIDER_RATE_LIMITED);
    }

    @Test
    void should_keep_the_provider_message_when_the_provider_rejects_the_request() {
        GatewayException e = map(new InvalidRequestException("max_tokens is too large: 999999"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_REJECTED);
        assertThat(e.getMessage()).contains("max_tokens is too large: 999999");
    }

    @Test
    void should_shorten_the_provider_message_when_it_is_very_long() {
        GatewayException e = map(new InvalidRequestException("x".repeat(2_000)));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_REJECTED);
        assertThat(e.getMessage()).hasSizeLessThan(700).endsWith("…");
    }

    @Test
    void should_map_to_provider_rejected_when_content_is_filtered() {
        // ContentFilteredException is an InvalidRequestException
        assertThat(map(new ContentFilteredException("flagged")).kind()).isEqualTo(ErrorKind.PROVIDER_REJECTED);
    }

    @Test
    void should_map_to_provider_timeout_when_the_client_times_out() {
        assertThat(map(new TimeoutException("read timed out")).kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
    }

    @ParameterizedTest
    @CsvSource({
            "500, PROVIDER_ERROR",
            "503, PROVIDER_ERROR",
            "429, PROVIDER_RATE_LIMITED",
            "401, PROVIDER_AUTH",
            "403, PROVIDER_AUTH",
            "400, PROVIDER_REJECTED",
            "422, PROVIDER_REJECTED"})
    void should_map_by_status_when_the_client_throws_an_http_exception(int status, ErrorKind expected) {
        assertThat(map(new HttpException(status, "body")).kind()).isEqualTo(expected);
    }

    @Test
    void should_name_the_status_when_the_provider_fails_with_a_server_error() {
        GatewayException e = map(new HttpException(500, "stack trace of the provider"));

        assertThat(e.getMessage()).contains("HTTP 500").doesNotContain("stack trace");
    }

    @Test
    void should_map_to_provider_error_when_the_upstream_model_is_unknown() {
        GatewayException e = map(new ModelNotFoundException("The model `gpt-9` does not exist"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
        assertThat(e.getMessage()).contains("upstream model");
    }

    @Test
    void should_map_to_unsupported_parameter_when_the_provider_lacks_a_feature() {
        GatewayException e = map(new UnsupportedFeatureException("JSON response format is not supported"));

        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_PARAMETER);
        assertThat(e.getMessage()).contains("JSON response format is not supported");
    }

    @Test
    void should_map_to_provider_error_when_the_provider_cannot_be_reached() {
        GatewayException e = map(new RuntimeException(new ConnectException("Connection refused")));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
        assertThat(e.getMessage()).contains("could not be reached");
    }

    @Test
    void should_map_to_provider_timeout_when_an_http_timeout_is_wrapped() {
        assertThat(map(new RuntimeException(new HttpTimeoutException("request timed out"))).kind())
                .isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
        assertThat(map(new RuntimeException(new SocketTimeoutException("Read timed out"))).kind())
                .isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
        assertThat(map(new java.util.concurrent.TimeoutException()).kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
    }

    @Test
    void should_unwrap_completion_and_execution_exceptions_when_mapping() {
        assertThat(map(new CompletionException(new RateLimitException("slow"))).kind())
                .isEqualTo(ErrorKind.PROVIDER_RATE_LIMITED);
        assertThat(map(new ExecutionException(new CompletionException(new AuthenticationException("sk-x")))).kind())
                .isEqualTo(ErrorKind.PROVIDER_AUTH);
    }

    @Test
    void should_return_the_same_exception_when_a_gateway_exception_is_wrapped() {
        var known = new GatewayException(ErrorKind.CLIENT_CLOSED, "gone");

        assertThat(map(new CompletionException(known))).isSameAs(known);
        assertThat(map(known)).isSameAs(known);
    }

    @Test
    void should_hide_the_message_when_the_failure_is_unknown() {
        GatewayException e = map(new IllegalStateException("internal detail at /home/app/secret"));

        assertThat(e.kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
        assertThat(e.getMessage()).contains("IllegalStateException").doesNotContain("secret");
    }

    @Test
    void should_map_to_provider_error_when_the_provider_fails_internally() {
        assertThat(map(new InternalServerException("upstream 500")).kind()).isEqualTo(ErrorKind.PROVIDER_ERROR);
    }
}
