package dev.caravan.deadletter;

import dev.caravan.classify.Classification;
import dev.caravan.gateway.GatewayRequest;
import java.util.Objects;

/**
 * A failed request to keep for replay.
 *
 * @param request        the request as the caller sent it and as it was classified (not a
 *                       redacted copy: the classification's offsets refer to its texts)
 * @param classification its classification; null when the failure came before classification
 *                       (the codec then classifies it itself)
 * @param errorCode      the error the caller got ({@code ErrorKind.code()}, e.g. {@code model_unavailable})
 * @param errorMessage   the message the caller got (safe to show: never secrets or content)
 * @param attempts       the models tried and how each failed, e.g. {@code sim-small:error,sim-large:timeout}
 * @param replyTo        where the original caller waits: a JMS destination or a file outbox name;
 *                       null for REST (its caller cannot be answered later)
 * @param correlationId  the JMS correlation id to answer with (null when none)
 */
public record NewDeadLetter(
        GatewayRequest request,
        Classification classification,
        String errorCode,
        String errorMessage,
        String attempts,
        String replyTo,
        String correlationId) {

    public NewDeadLetter {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(request.requestId(), "request.requestId");
        Objects.requireNonNull(request.channel(), "request.channel");
        Objects.requireNonNull(request.payload(), "request.payload");
    }

    public static NewDeadLetter of(GatewayRequest request, Classification classification, String errorCode,
            String errorMessage) {
        return new NewDeadLetter(request, classification, errorCode, errorMessage, null, null, null);
    }

    public NewDeadLetter withAttempts(String summary) {
        return new NewDeadLetter(request, classification, errorCode, errorMessage, summary, replyTo, correlationId);
    }

    public NewDeadLetter withReplyTo(String destination, String correlation) {
        return new NewDeadLetter(request, classification, errorCode, errorMessage, attempts, destination, correlation);
    }

    /** Never shows the request's content. */
    @Override
    public String toString() {
        return "NewDeadLetter[requestId=" + request.requestId() + ", channel=" + request.channel()
                + ", errorCode=" + errorCode + "]";
    }
}
