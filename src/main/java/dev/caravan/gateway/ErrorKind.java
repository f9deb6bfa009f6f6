package dev.caravan.gateway;

/**
 * The closed set of ways a request can fail, each with its HTTP status and OpenAI error type.
 * Every channel maps failures through this one table.
 */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request"),
    UNSUPPORTED_PARAMETER(400, "invalid_request_error", "unsupported_parameter"),
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
    NOT_FOUND(404, "invalid_request_error", "not_found"),
    /** No key, a malformed, unknown or revoked one: the message never repeats what was sent. */
    UNAUTHORIZED(401, "invalid_request_error", "invalid_api_key"),
    /** The key is valid but its tenant is suspended. */
    TENANT_SUSPENDED(403, "permission_error", "tenant_suspended"),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed"),
    /** The security policy blocks requests at this sensitivity. */
    SENSITIVE_CONTENT_BLOCKED(403, "permission_error", "sensitive_content_blocked"),
    /** The model asked for is not cleared for this request's sensitivity. */
    MODEL_NOT_ALLOWED(403, "permission_error", "model_not_allowed"),
    /** No enabled model is cleared for this request's sensitivity; it is refused, never sent lower. */
    NO_MODEL_CLEARED(403, "permission_error", "no_model_cleared"),
    /** A known caller asked for something outside what it may see (another tenant's usage). */
    PERMISSION_DENIED(403, "permission_error", "permission_denied"),
    CONFLICT(409, "invalid_request_error", "conflict"),
    UNPROCESSABLE(422, "invalid_request_error", "unprocessable"),
    /** A hard budget (key, user, tenant or task; day or month) has no room for the request. */
    BUDGET_EXCEEDED(429, "insufficient_quota", "budget_exceeded"),
    /** A rate limit (requests or tokens per minute or hour; key, user, tenant or global) has no room now. */
    RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded"),
    /** Too many of the tenant's (or task's) requests are in flight at once. */
    CONCURRENCY_LIMITED(429, "rate_limit_error", "concurrency_limit_exceeded"),
    /** The request goes beyond what the caller's plan allows (tokens in or out per request). */
    PLAN_LIMIT_EXCEEDED(400, "invalid_request_error", "plan_limit_exceeded"),
    /** The shared rate-limit store is unreachable and the gateway is configured to fail closed. */
    RATE_LIMITS_UNAVAILABLE(503, "service_unavailable", "rate_limits_unavailable"),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "payload_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type"),
    MODEL_UNAVAILABLE(503, "service_unavailable", "model_unavailable"),
    PROVIDER_REJECTED(400, "invalid_request_error", "provider_rejected_request"),
    PROVIDER_AUTH(502, "upstream_error", "provider_authentication_failed"),
    PROVIDER_RATE_LIMITED(429, "rate_limit_error", "provider_rate_limited"),
    PROVIDER_TIMEOUT(504, "upstream_error", "provider_timeout"),
    PROVIDER_ERROR(502, "upstream_error", "provider_error"),
    /** The caller went away mid-stream (nginx's 499): metered, never answered. */
    CLIENT_CLOSED(499, "invalid_request_error", "client_closed_request"),
    INTERNAL(500, "server_error", "internal_error");

    private final int status;
    private final String type;
    private final String code;

    ErrorKind(int status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    /** Failures the caller caused, as opposed to ones the gateway or a provider caused. */
    public boolean isCallerError() {
        return status >= 400 && status < 500 && this != PROVIDER_RATE_LIMITED;
    }
}
