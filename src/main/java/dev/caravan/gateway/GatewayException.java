package dev.caravan.gateway;

/**
 * A failure with a known meaning. The message is shown to the caller, so it never carries
 * secrets, stack traces or request content beyond the name of the offending parameter.
 */
public class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final String param;

    public GatewayException(ErrorKind kind, String message) {
        this(kind, message, null, null);
    }

    public GatewayException(ErrorKind kind, String message, String param) {
        this(kind, message, param, null);
    }

    public GatewayException(ErrorKind kind, String message, String param, Throwable cause) {
        super(message, cause, false, cause != null);
        this.kind = kind;
        this.param = param;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String param() {
        return param;
    }

    public static GatewayException invalid(String message, String param) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, message, param);
    }
}
