package dev.caravan.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A known caller asked for data outside its {@link ReadScope}: HTTP 403 with OpenAI's
 * {@code permission_error} type and the code {@value #CODE}. The message is shown to the caller.
 *
 * <p>Its own type rather than a {@code GatewayException}: {@code ErrorKind} has no generic
 * "permission denied" kind yet. The read routes render it through their own error configuration
 * ({@code read-access-errors} in {@code usage.camel.yaml}) in the same JSON shape as every other
 * error. Once {@code ErrorKind} gains such a kind, this can become a {@code GatewayException}.
 */
public class AccessDeniedException extends RuntimeException {

    public static final int STATUS = 403;
    public static final String TYPE = "permission_error";
    public static final String CODE = "permission_denied";

    private final String param;

    public AccessDeniedException(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    public String param() {
        return param;
    }

    /** The body of the 403 reply, shaped like every other error of the API. */
    public ErrorEnvelope body() {
        return new ErrorEnvelope(new ErrorBody(getMessage(), TYPE, param, CODE));
    }

    public record ErrorEnvelope(@JsonProperty("error") ErrorBody error) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"message", "type", "param", "code"})
    public record ErrorBody(
            @JsonProperty("message") String message,
            @JsonProperty("type") String type,
            @JsonProperty("param") String param,
            @JsonProperty("code") String code) {
    }
}
