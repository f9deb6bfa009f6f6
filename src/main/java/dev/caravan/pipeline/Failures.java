package dev.caravan.pipeline;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds why an exchange failed and turns it into a {@link GatewayException}. Unexpected
 * exceptions become a generic internal error: their message may carry internals, so it is
 * logged (with the request id) but never shown to the caller.
 */
public final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /**
     * The failure of this exchange, or null when it succeeded: the one an error handler reported
     * (variable {@code failure}), else an exception still on the exchange. Exceptions caught and
     * handled inside the pipeline (a failed attempt the fallback chain recovered from) do not count.
     */
    public static GatewayException of(Exchange exchange) {
        GatewayException reported = exchange.getVariable(Vars.FAILURE, GatewayException.class);
        if (reported != null) {
            return reported;
        }
        Throwable error = exchange.getException();
        return error == null ? null : of(error, exchange.getVariable(Vars.REQUEST_ID, String.class));
    }

    /**
     * The same, logged once: the ingress error handlers call this. Failures the gateway or a
     * provider caused are logged as warnings; unexpected ones with their stack trace.
     */
    public static GatewayException logged(Exchange exchange) {
        Throwable error = cause(exchange);
        if (error == null) {
            return null;
        }
        String requestId = exchange.getVariable(Vars.REQUEST_ID, String.class);
        GatewayException failure = of(error, requestId);
        exchange.setVariable(Vars.FAILURE, failure);
        if (failure.kind() == ErrorKind.INTERNAL) {
            log.error("Request {} failed unexpectedly", requestId, error);
        } else if (!failure.kind().isCallerError()) {
            log.warn("Request {} failed: {} ({})", requestId, failure.kind().code(), failure.getMessage());
        } else {
            log.debug("Request {} refused: {} ({})", requestId, failure.kind().code(), failure.getMessage());
        }
        return failure;
    }

    public static GatewayException of(Throwable error, String requestId) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof GatewayException known) {
                return known;
            }
        }
        return new GatewayException(ErrorKind.INTERNAL,
                "The gateway failed to process request " + requestId + ". The error has been logged.");
    }

    /** The exception an error handler is handling: on the exchange, or caught by onException / the dead-letter channel. */
    private static Throwable cause(Exchange exchange) {
        Throwable error = exchange.getException();
        return error != null ? error : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
