package dev.caravan.provider;

import dev.caravan.config.ModelProperties;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps whatever a provider client throws to a {@link GatewayException}. The provider's own
 * message is kept for request errors (the caller needs it to fix the request) but never for
 * authentication failures, whose text may quote the key.
 */
public final class ProviderErrors {

    private ProviderErrors() {
    }

    public static GatewayException map(Throwable error, ModelProperties model) {
        Throwable e = unwrap(error);
        if (e instanceof GatewayException known) {
            return known;
        }
        String who = "Provider " + model.provider().id() + " (model " + model.id() + ")";
        if (e instanceof AuthenticationException) {
            return new GatewayException(ErrorKind.PROVIDER_AUTH, who + " rejected the gateway's credentials.", null, e);
        }
        if (e instanceof RateLimitException) {
            return new GatewayException(ErrorKind.PROVIDER_RATE_LIMITED, who + " is rate limiting requests.", null, e);
        }
        if (e instanceof ModelNotFoundException) {
            return new GatewayException(ErrorKind.PROVIDER_ERROR, who + " does not know the upstream model.", null, e);
        }
        if (e instanceof UnsupportedFeatureException) {
            return new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER, who + ": " + safe(e), null, e);
        }
        if (e instanceof InvalidRequestException) {
            return new GatewayException(ErrorKind.PROVIDER_REJECTED, who + " rejected the request: " + safe(e), null, e);
        }
        if (e instanceof TimeoutException || isTimeout(e)) {
            return new GatewayException(ErrorKind.PROVIDER_TIMEOUT, who + " did not answer in time.", null, e);
        }
        if (e instanceof HttpException http) {
            int status = http.statusCode();
            if (status == 429) {
                return new GatewayException(ErrorKind.PROVIDER_RATE_LIMITED, who + " is rate limiting requests.", null, e);
            }
            if (status == 401 || status == 403) {
                return new GatewayException(ErrorKind.PROVIDER_AUTH, who + " rejected the gateway's credentials.", null, e);
            }
            if (status >= 400 && status < 500) {
                return new GatewayException(ErrorKind.PROVIDER_REJECTED, who + " rejected the request: " + safe(e), null, e);
            }
            return new GatewayException(ErrorKind.PROVIDER_ERROR, who + " failed with HTTP " + status + ".", null, e);
        }
        if (isConnectFailure(e)) {
            return new GatewayException(ErrorKind.PROVIDER_ERROR, who + " could not be reached.", null, e);
        }
        return new GatewayException(ErrorKind.PROVIDER_ERROR, who + " failed: " + e.getClass().getSimpleName() + ".", null, e);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The provider's message, shortened; request errors from providers describe the request, not secrets. */
    private static String safe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }
}
