package dev.caravan.cache;

import dev.caravan.classify.Classification;
import dev.caravan.classify.Sensitivity;
import dev.caravan.gateway.CacheControl;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenSink;
import dev.caravan.gateway.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The cache stage's decisions, called from cache.camel.yaml: whether a request may be answered
 * from the cache or stored in it, the exact lookup, the semantic lookup (given the embedded
 * prompt), the answer served from a hit, and the store after a miss.
 *
 * <p>Safety rules: entries are keyed by tenant (and user when configured) and sensitivity level,
 * so they are never served across them; restricted prompts are never cached; a request with
 * temperature above 0 and no seed is cached only when configured; a semantic candidate must also
 * pass the {@link SemanticGuard} (numbers, negations, entities) before it is served.
 */
@Component("cacheStage")
public class CacheStage {

    private static final Logger log = LoggerFactory.getLogger(CacheStage.class);
    /** all-MiniLM-L6-v2 reads at most 256 word pieces: beyond that, two prompts differing only in their tail look identical. */
    static final int SEMANTIC_MAX_WORDS = 150;

    private final CacheProperties properties;
    private final ResponseCache cache;
    private final SemanticIndex index;
    private final SemanticGuard guard;
    private final Clock clock;

    @Autowired
    public CacheStage(CacheProperties properties, ResponseCache cache, SemanticIndex index, SemanticGuard guard) {
        this(properties, cache, index, guard, Clock.systemUTC());
    }

    CacheStage(CacheProperties properties, ResponseCache cache, SemanticIndex index, SemanticGuard guard, Clock clock) {
        this.properties = properties;
        this.cache = cache;
        this.index = index;
        this.guard = guard;
        this.clock = clock;
    }

    /** The exact lookup, or why the cache does not apply. */
    public CacheResult lookup(GatewayRequest request, Classification classification) {
        if (!properties.enabled()) {
            return CacheResult.bypass("disabled");
        }
        if (!(request.payload() instanceof ChatRequest chat)) {
            return CacheResult.bypass("not-chat");
        }
        CacheControl control = request.options().cache();
        if (control.bypass()) {
            return CacheResult.bypass("caller");
        }
        Sensitivity sensitivity = classification == null ? Sensitivity.PUBLIC : classification.sensitivity();
        if (sensitivity == Sensitivity.RESTRICTED) {
            return CacheResult.bypass("restricted");
        }
        if (nonDeterministic(chat) && !properties.cacheNonDeterministic()) {
            return CacheResult.bypass("non-deterministic");
        }
        String tenant = request.caller() == null ? null : request.caller().tenant();
        String user = properties.scopePerUser() && request.caller() != null ? request.caller().user() : null;
        var key = new CacheKey(tenant, user, CacheRequestKeys.exact(request.model(), request.options(), request.task(), sensitivity.id(), chat));
        SemanticPartition partition = null;
        String text = null;
        if (properties.semantic().enabled()) {
            String context = CacheRequestKeys.context(request.model(), request.options(), request.task(), sensitivity.id(), chat);
            text = context == null ? null : CacheRequestKeys.semanticText(chat);
            if (context != null && !text.isEmpty() && words(text) <= SEMANTIC_MAX_WORDS) {
                partition = new SemanticPartition(tenant, user, context);
            }
        }
        boolean lookup = !control.refresh();
        boolean store = !control.noStore();
        if (lookup) {
            Optional<CachedAnswer> found = cache.get(key);
            if (found.isPresent()) {
                return new CacheResult(CacheResult.Status.HIT, null, key, partition, text, null, null, found.get(), 1.0,
                        true, false);
            }
        }
        // only a miss is compared semantically or stored with its fingerprint
        String fingerprint = partition == null ? null : guard.fingerprint(text);
        return new CacheResult(CacheResult.Status.MISS, lookup ? null : "refresh", key, partition, partition == null ? null : text,
                null, fingerprint, null, 0, lookup, store);
    }

    /** The semantic lookup of a miss, given its prompt's embedding; the vector is kept for the store. */
    public CacheResult semantic(CacheResult miss, float[] vector, String model, String task) {
        CacheResult embedded = miss.withVector(vector);
        if (!miss.lookup()) {
            return embedded;
        }
        double threshold = threshold(model, task);
        for (SemanticCandidate candidate : index.nearest(miss.partition(), vector, threshold, properties.semantic().candidates())) {
            if (!guard.compatible(candidate.fingerprint(), miss.fingerprint(), properties.semantic().guard())) {
                continue;
            }
            Optional<CachedAnswer> answer = cache.get(candidate.key());
            if (answer.isPresent()) {
                return embedded.semanticHit(candidate.key(), answer.get(), candidate.similarity());
            }
        }
        return embedded;
    }

    /** The reply for a hit: the stored answer under this request's id, at no cost. */
    public GatewayResponse answer(GatewayRequest request, CacheResult hit) {
        CachedAnswer a = hit.answer();
        long latency = Math.max(0, Duration.between(request.receivedAt(), clock.instant()).toMillis());
        return new GatewayResponse(request.requestId(), a.provider(), a.model(), a.text(), a.finishReason(), null,
                new TokenUsage(a.inputTokens(), a.outputTokens()), 0, latency, request.receivedAt().getEpochSecond());
    }

    /** A hit for a streaming request is sent as a stream: the stored text in word-sized pieces. */
    public void stream(GatewayResponse response, TokenSink sink) {
        sink.open(response.requestId(), response.provider(), response.model());
        String text = response.text() == null ? "" : response.text();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) && i > start && !Character.isWhitespace(text.charAt(i - 1))) {
                if (!sink.token(text.substring(start, i))) {
                    return;
                }
                start = i;
            }
        }
        if (start < text.length()) {
            sink.token(text.substring(start));
        }
    }

    /** Keeps a fresh answer, when the request allows it; a failure to store never fails the request. */
    public void store(GatewayRequest request, CacheResult result, GatewayResponse response) {
        if (result == null || !result.store() || result.status() != CacheResult.Status.MISS || response == null
                || response.text() == null || response.text().isEmpty() || "content_filter".equals(response.finishReason())) {
            return;
        }
        try {
            Duration ttl = ttl(response.model(), request.task());
            var answer = new CachedAnswer(response.text(), response.finishReason(), response.provider(), response.model(),
                    response.usage().inputTokens(), response.usage().outputTokens(), response.costMicros(), clock.instant());
            cache.put(result.key(), answer, ttl);
            if (result.vector() != null && result.partition() != null) {
                index.add(result.partition(), result.key(), result.vector(), result.fingerprint(), ttl);
            }
        } catch (RuntimeException e) {
            log.warn("could not store request {} in the cache: {}", request.requestId(), e.toString());
        }
    }

    /** Task first (a task knows how long its answers stay true), then the answering model, then the default. */
    Duration ttl(String model, String task) {
        return first(properties.ttlPerTask(), task, first(properties.ttlPerModel(), model, properties.ttl()));
    }

    double threshold(String model, String task) {
        var semantic = properties.semantic();
        return first(semantic.thresholdPerTask(), task, first(semantic.thresholdPerModel(), model, semantic.threshold()));
    }

    private static <T> T first(Map<String, T> byName, String name, T otherwise) {
        T value = name == null || byName == null ? null : byName.get(name);
        return value != null ? value : otherwise;
    }

    static boolean nonDeterministic(ChatRequest chat) {
        // an absent temperature is the provider's default; only an explicit one above 0 asks for variety
        return chat.temperature() != null && chat.temperature() > 0 && chat.seed() == null;
    }

    private static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}
