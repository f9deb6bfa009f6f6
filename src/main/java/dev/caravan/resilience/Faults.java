package dev.caravan.resilience;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.provider.ProviderErrors;
import dev.langchain4j.exception.LangChain4jException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

/**
 * Classifies what a provider call threw, whatever wrapped it (Camel's
 * {@code CamelExecutionException}, {@code CompletionException} ...): the first
 * {@link GatewayException} in the cause chain wins; otherwise the first LangChain4j exception (or
 * the error itself) is mapped by {@link ProviderErrors}, so a raw timeout or connect failure counts
 * as the provider's fault.
 */
public final class Faults {

    /** Cause chains longer than this are cut (and cycles cannot loop). */
    private static final int MAX_DEPTH = 32;

    /** Stands in for the model when only the kind matters (the message is discarded). */
    private static final ModelProperties UNKNOWN_MODEL = new ModelProperties("unknown", ProviderType.SIMULATOR,
            null, null, null, 0, 0, null, 0, 0, SecurityLevel.LOCAL, null, null, 0, 0);

    private Faults() {
    }

    /** The first {@link GatewayException} in the cause chain, or null. */
    public static GatewayException findGateway(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof GatewayException known) {
                return known;
            }
        }
        return null;
    }

    /** Whether a circuit breaker refused the call (its model's breaker is open or out of trial calls). */
    public static boolean isNotPermitted(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }

    /** The error as a {@link GatewayException} for {@code model}: the one found in the chain, else mapped. */
    public static GatewayException toGateway(Throwable error, ModelProperties model) {
        GatewayException known = findGateway(error);
        if (known != null) {
            return known;
        }
        return ProviderErrors.map(providerCause(error), model == null ? UNKNOWN_MODEL : model);
    }

    /** The kind the error maps to. */
    public static ErrorKind kindOf(Throwable error) {
        return toGateway(error, null).kind();
    }

    /**
     * Whether the error says something is wrong with the provider (and so counts against its
     * breaker): provider errors, timeouts, rate limits, rejected credentials and anything
     * unrecognised (connect failures, I/O errors). Caller errors, a client that went away and the
     * gateway's own refusals do not.
     */
    public static boolean isProviderFault(Throwable error) {
        if (error == null || isNotPermitted(error)) {
            return false;
        }
        return isProviderFault(kindOf(error));
    }

    public static boolean isProviderFault(ErrorKind kind) {
        return kind == ErrorKind.PROVIDER_ERROR || kind == ErrorKind.PROVIDER_TIMEOUT
                || kind == ErrorKind.PROVIDER_RATE_LIMITED || kind == ErrorKind.PROVIDER_AUTH;
    }

    /**
     * The word an attempt's outcome is summarised with: {@code timeout}, {@code rate_limited},
     * {@code auth}, {@code closed} (the caller went away), {@code rejected} (any other caller
     * error) or {@code error}.
     */
    public static String outcome(ErrorKind kind) {
        return switch (kind) {
            case PROVIDER_TIMEOUT -> Outcomes.TIMEOUT;
            case PROVIDER_RATE_LIMITED -> Outcomes.RATE_LIMITED;
            case PROVIDER_AUTH -> Outcomes.AUTH;
            case CLIENT_CLOSED -> Outcomes.CLOSED;
            default -> kind.isCallerError() ? Outcomes.REJECTED : Outcomes.ERROR;
        };
    }

    /** The LangChain4j exception in the chain (ProviderErrors matches on its type), else the error itself. */
    private static Throwable providerCause(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof LangChain4jException) {
                return t;
            }
        }
        return error;
    }

    /** The outcome words used in attempt summaries. */
    public static final class Outcomes {
        public static final String OK = "ok";
        public static final String ERROR = "error";
        public static final String TIMEOUT = "timeout";
        public static final String RATE_LIMITED = "rate_limited";
        public static final String OPEN = "open";
        public static final String AUTH = "auth";
        public static final String REJECTED = "rejected";
        public static final String CLOSED = "closed";

        private Outcomes() {
        }
    }
}
