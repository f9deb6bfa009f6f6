package dev.caravan.simulator;

/**
 * A request the simulator answers with an OpenAI error body
 * ({@code {"error":{"message","type","param","code"}}}) and the given HTTP status.
 */
public class SimulatorApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public SimulatorApiException(int status, String message, String type, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** 400 {@code invalid_request_error}. */
    public static SimulatorApiException badRequest(String message, String param, String code) {
        return new SimulatorApiException(400, message, "invalid_request_error", param, code);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
