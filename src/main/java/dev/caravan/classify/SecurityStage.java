package dev.caravan.classify;

import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenSink;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The security classification stage as the pipeline's routes call it: classify the request,
 * look up the policy for its level (and its tenant and task, see {@link PolicyRules}), and block,
 * redact (and later restore) or restrict routing.
 */
@Component("securityStage")
public class SecurityStage {

    private final Classifier classifier;
    private final PolicyRules rules;
    private final Redactor redactor = new Redactor();

    public SecurityStage(Classifier classifier, PolicyRules rules) {
        this.classifier = classifier;
        this.rules = rules;
    }

    public Classification classify(GatewayRequest request) {
        return classifier.classify(request.texts());
    }

    /** The policy for the classification's level, for every request (no tenant or task rules). */
    public SecurityProperties.LevelPolicy policy(Classification classification) {
        return rules.policy(classification.sensitivity());
    }

    /** The policy for the classification's level as it applies to this request's tenant and task. */
    public SecurityProperties.LevelPolicy policy(GatewayRequest request, Classification classification) {
        String tenant = request.caller() == null ? null : request.caller().tenant();
        return rules.policy(tenant, request.task(), classification.sensitivity());
    }

    /** The model security levels cleared for this classification. */
    public Set<SecurityLevel> allowedLevels(Classification classification) {
        return policy(classification).allowed();
    }

    /** Refuses the request, naming the finding types and never the values. */
    public void block(Classification classification) {
        String types = classification.types().stream().map(FindingType::name).sorted().collect(Collectors.joining(", "));
        throw new GatewayException(ErrorKind.SENSITIVE_CONTENT_BLOCKED, "The request was blocked by the security policy: it contains "
                + classification.sensitivity().id() + " data (" + (types.isEmpty() ? "marked content" : types) + ").");
    }

    /** The request with every finding replaced by a placeholder, and the map to restore the answer. */
    public RedactedRequest redact(GatewayRequest request, Classification classification) {
        Redactor.Redacted redacted = redactor.redact(request.texts(), classification);
        var payload = request.payload() instanceof ChatRequest chat
                ? chat.withContents(redacted.texts())
                : new EmbeddingRequest(redacted.texts());
        return new RedactedRequest(request.withPayload(payload), redacted.redaction());
    }

    public GatewayResponse restore(GatewayResponse response, Redaction redaction) {
        if (response.text() == null) {
            return response;
        }
        return new GatewayResponse(response.requestId(), response.provider(), response.model(),
                redaction.restore(response.text()), response.finishReason(), response.embeddings(), response.usage(),
                response.costMicros(), response.latencyMs(), response.createdEpochSeconds());
    }

    /** Wraps a stream's sink so that placeholders are restored as tokens arrive, even when split. */
    public TokenSink restoring(TokenSink sink, Redaction redaction) {
        return new RestoringTokenSink(sink, redaction);
    }

    /** A redacted request and how to undo the redaction in its answer. */
    public record RedactedRequest(GatewayRequest request, Redaction redaction) {
    }
}
