package dev.caravan.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.ModelListing;
import dev.caravan.cache.CacheAdmin;
import dev.caravan.cache.CacheInvalidation;
import dev.caravan.cache.CacheResult;
import dev.caravan.classify.Classification;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.Finding;
import dev.caravan.gateway.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.caravan.api.OpenAiRequestParser;
import dev.caravan.api.OpenAiResponses;
import dev.caravan.config.CaravanProperties;
import dev.caravan.gateway.CacheControl;
import dev.caravan.budget.BudgetExceededException;
import dev.caravan.identity.Credentials;
import dev.caravan.pipeline.Admission;
import dev.caravan.ratelimit.RateLimitedException;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.RequestOptions;
import dev.caravan.gateway.TokenSink;
import dev.caravan.pipeline.Failures;
import dev.caravan.pipeline.RequestStart;
import dev.caravan.pipeline.Vars;
import dev.caravan.resilience.AttemptPlan;
import dev.caravan.routing.RouteDecision;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * The HTTP side of the OpenAI-compatible API: turns request bodies into {@link GatewayRequest}s
 * and results into replies. Every reply starts from an empty header set, because platform-http
 * would otherwise echo the caller's request headers (Authorization included) back to it.
 */
@Component("restIngress")
public class RestIngress {

    static final String H_REQUEST_ID = "x-caravan-request-id";
    static final String H_PROVIDER = "x-caravan-provider";
    static final String H_MODEL = "x-caravan-model";
    static final String H_LATENCY = "x-caravan-latency-ms";
    static final String H_COST = "x-caravan-cost-usd";
    static final String H_TASK = "x-caravan-task";
    static final String H_ROUTE = "x-caravan-route";
    static final String H_CACHE = "x-caravan-cache";
    static final String H_AUTHORIZATION = "Authorization";
    static final String H_SERVICE_KEY = "X-Service-Key";
    private static final String JSON = "application/json";

    private final OpenAiRequestParser parser;
    private final OpenAiResponses render;
    private final ModelListing models;
    private final Classifier classifier;
    private final dev.caravan.resilience.BreakerRegistry breakers;
    private final dev.caravan.deadletter.DeadLetterService deadLetters;
    private final long maxBodyBytes;
    private final CacheAdmin cacheAdmin;

    public RestIngress(OpenAiRequestParser parser, OpenAiResponses render, ModelListing models,
                       Classifier classifier,
                       dev.caravan.resilience.BreakerRegistry breakers,
                       dev.caravan.deadletter.DeadLetterService deadLetters, CaravanProperties properties,
                       CacheAdmin cacheAdmin) {
        this.cacheAdmin = cacheAdmin;
        this.classifier = classifier;
        this.breakers = breakers;
        this.deadLetters = deadLetters;
        this.parser = parser;
        this.render = render;
        this.models = models;
        this.maxBodyBytes = properties.maxRequestSize().toBytes();
    }

    /** Starts a chat request: its id and time, and the caller's credentials taken off the headers. */
    public void beginChat(Exchange exchange) {
        RequestStart.begin(exchange, Channel.REST);
        takeCredentials(exchange);
    }

    public void beginEmbedding(Exchange exchange) {
        RequestStart.begin(exchange, Channel.REST);
        exchange.setVariable(Vars.KIND, "embedding");
        takeCredentials(exchange);
    }

    /** A listing (models, circuit breakers) is no request to a model, but the caller still has to be known. */
    public void beginListing(Exchange exchange) {
        takeCredentials(exchange);
    }

    private static void takeCredentials(Exchange exchange) {
        Message m = exchange.getMessage();
        exchange.setVariable(Vars.CREDENTIALS, new Credentials(m.getHeader(H_AUTHORIZATION, String.class),
                m.getHeader(H_SERVICE_KEY, String.class)));
        m.removeHeader(H_AUTHORIZATION);
        m.removeHeader(H_SERVICE_KEY);
    }

    public void chatRequest(Exchange exchange) {
        String requestId = RequestStart.requestId(exchange);
        JsonNode root = parser.readObject(body(exchange));
        exchange.setVariable(Vars.MODEL_REQUESTED, OpenAiRequestParser.modelOf(root));
        var parsed = parser.parseChat(root);
        String task = firstNonBlank(exchange.getMessage().getHeader(H_TASK, String.class), parsed.task());
        var request = new GatewayRequest(requestId, Channel.REST, RequestStart.caller(exchange), task, parsed.model(),
                parsed.request(), RequestOptions.merge(headerOptions(exchange), parsed.options()),
                RequestStart.receivedAt(exchange));
        exchange.setVariable(Vars.REQUEST, request);
        if (request.streaming()) {
            TokenSink sink = new SseTokenSink(servletResponse(exchange), render, request.chat().includeUsage(),
                    request.receivedAt().getEpochSecond(), () -> decisionHeaders(exchange, false));
            exchange.setVariable(Vars.TOKEN_SINK, sink);
        }
    }

    public void chatReply(Exchange exchange) {
        GatewayResponse response = exchange.getVariable(Vars.RESPONSE, GatewayResponse.class);
        TokenSink sink = exchange.getVariable(Vars.TOKEN_SINK, TokenSink.class);
        if (sink != null) {
            sink.complete(response);
            Message message = cleared(exchange);
            message.setBody(null);
            return;
        }
        reply(exchange, 200, render.chatCompletion(response));
        withCaravanHeaders(exchange.getMessage(), response);
        withRoute(exchange);
    }

    public void embeddingRequest(Exchange exchange) {
        String requestId = RequestStart.requestId(exchange);
        JsonNode root = parser.readObject(body(exchange));
        exchange.setVariable(Vars.MODEL_REQUESTED, OpenAiRequestParser.modelOf(root));
        var parsed = parser.parseEmbedding(root);
        exchange.setVariable(Vars.EMBEDDING_BASE64, parsed.base64());
        exchange.setVariable(Vars.REQUEST, new GatewayRequest(requestId, Channel.REST, RequestStart.caller(exchange),
                exchange.getMessage().getHeader(H_TASK, String.class), parsed.model(), parsed.request(),
                headerOptions(exchange), RequestStart.receivedAt(exchange)));
    }

    public void embeddingReply(Exchange exchange) {
        GatewayResponse response = exchange.getVariable(Vars.RESPONSE, GatewayResponse.class);
        boolean base64 = Boolean.TRUE.equals(exchange.getVariable(Vars.EMBEDDING_BASE64, Boolean.class));
        reply(exchange, 200, render.embeddings(response, base64));
        withCaravanHeaders(exchange.getMessage(), response);
        withRoute(exchange);
    }

    /**
     * {@code POST /api/classify}: {@code {"text": "..."}} or a chat request body. Returns the
     * level and the findings' types and offsets; values are never echoed back.
     */
    public void classify(Exchange exchange) {
        JsonNode root = parser.readObject(body(exchange));
        List<String> texts;
        JsonNode text = root.get("text");
        if (text != null && text.isTextual()) {
            texts = List.of(text.asText());
        } else if (root.has("messages")) {
            texts = parser.parseChat(root).request().messages().stream().map(ChatMessage::content).toList();
        } else {
            throw GatewayException.invalid("Send {\"text\": \"...\"} or a chat request with 'messages'.", "text");
        }
        Classification result = classifier.classify(texts);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : result.findings()) {
            Map<String, Object> finding = new LinkedHashMap<>();
            finding.put("type", f.type().name());
            if (texts.size() > 1) {
                finding.put("message", f.message());
            }
            finding.put("start", f.start());
            finding.put("end", f.end());
            finding.put("detector", f.detector());
            finding.put("confidence", f.confidence());
            findings.add(finding);
        }
        reply(exchange, 200, render.write(Map.of("sensitivity", result.sensitivity().id(), "findings", findings)));
    }

    /** {@code GET /api/dead-letters?status=&limit=}: metadata only, never payloads. */
    public void deadLetters(Exchange exchange) {
        String status = exchange.getMessage().getHeader("status", String.class);
        Integer limit = exchange.getMessage().getHeader("limit", Integer.class);
        try {
            reply(exchange, 200, render.write(Map.of("dead_letters", deadLetters.list(status, limit == null ? 100 : limit))));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("'status' must be one of pending, replaying, replayed, failed.", "status");
        }
    }

    /** {@code POST /api/dead-letters/{id}/replay}. */
    public void replayDeadLetter(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        try {
            reply(exchange, 200, render.write(deadLetters.replay(id)));
        } catch (dev.caravan.deadletter.DeadLetterException e) {
            ErrorKind kind = switch (e.status()) {
                case 404 -> ErrorKind.NOT_FOUND;
                case 409 -> ErrorKind.CONFLICT;
                case 422 -> ErrorKind.UNPROCESSABLE;
                default -> ErrorKind.MODEL_UNAVAILABLE;
            };
            throw new GatewayException(kind, e.getMessage(), "id");
        }
    }

    /** {@code GET /api/cache/stats?from=&to=}: hits (exact, semantic), misses, hit rate, entries, saved cost. */
    public void cacheStats(Exchange exchange) {
        Instant[] window = window(exchange);
        reply(exchange, 200, render.write(cacheAdmin.stats(window[0], window[1])));
    }

    /**
     * {@code POST /api/cache/invalidate}: {@code {"all": true}}, or any of {@code tenant},
     * {@code user}, {@code pattern} (a Redis glob over {@code tenant:user:hash}).
     */
    public void invalidateCache(Exchange exchange) {
        JsonNode root = parser.readObject(body(exchange));
        String tenant = optionalText(root, "tenant");
        String user = optionalText(root, "user");
        String pattern = optionalText(root, "pattern");
        boolean all = root.path("all").asBoolean(false);
        if (all && (tenant != null || user != null || pattern != null)) {
            throw GatewayException.invalid("Send either {\"all\": true} or a tenant, user or pattern, not both.", "all");
        }
        if (!all && tenant == null && user == null && pattern == null) {
            throw GatewayException.invalid("Say what to invalidate: {\"all\": true}, or a tenant, user or pattern.", "all");
        }
        if (pattern != null && pattern.length() > 256) {
            throw GatewayException.invalid("'pattern' must be at most 256 characters.", "pattern");
        }
        var what = all ? CacheInvalidation.everything() : new CacheInvalidation(tenant, user, pattern);
        reply(exchange, 200, render.write(cacheAdmin.invalidate(what)));
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw GatewayException.invalid("'" + field + "' must be a non-empty string.", field);
        }
        return node.asText();
    }

    /** {@code GET /api/circuit-breakers}: each model's breaker state and recent failure rate. */
    public void circuitBreakers(Exchange exchange) {
        reply(exchange, 200, render.write(Map.of("circuit_breakers", breakers.views())));
    }

    public void modelList(Exchange exchange) {
        reply(exchange, 200, render.write(models.list()));
    }

    /** The {@code from} and {@code to} query parameters (each may be null), validated. */
    private static Instant[] window(Exchange exchange) {
        Instant from = instant(exchange, "from");
        Instant to = instant(exchange, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw GatewayException.invalid("'from' must not be after 'to'.", "from");
        }
        return new Instant[] {from, to};
    }

    /** The error reply for anything that went wrong; mid-stream failures end the stream instead. */
    public void errorReply(Exchange exchange) {
        GatewayException failure = Failures.logged(exchange);
        if (failure == null) {
            failure = new GatewayException(ErrorKind.INTERNAL, "The gateway failed to process the request.");
        }
        TokenSink sink = exchange.getVariable(Vars.TOKEN_SINK, TokenSink.class);
        if (sink != null && sink.committed()) {
            sink.fail(failure);
            cleared(exchange).setBody(null);
            return;
        }
        reply(exchange, failure.kind().status(), render.error(failure));
        refusalHeaders(failure).forEach(exchange.getMessage()::setHeader);
        String requestId = RequestStart.requestId(exchange);
        if (requestId != null) {
            exchange.getMessage().setHeader(H_REQUEST_ID, requestId);
        }
    }

    /** When to try again after a refusal by a rate limit or a budget: {@code Retry-After} and the quota headers. */
    static Map<String, String> refusalHeaders(GatewayException failure) {
        if (failure instanceof RateLimitedException limited) {
            return limited.headers();
        }
        if (failure instanceof BudgetExceededException budget) {
            long seconds = Math.max(1, java.time.Duration.between(Instant.now(), budget.refusal().resetsAt()).toSeconds());
            return Map.of("retry-after", Long.toString(seconds));
        }
        return Map.of();
    }

    private byte[] body(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBodyBytes) {
            throw new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE,
                    "The request body exceeds the limit of " + maxBodyBytes + " bytes.");
        }
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && !contentType.isBlank() && !contentType.toLowerCase().contains("json")) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "Send the request body as application/json (got " + contentType.split(";")[0] + ").");
        }
        return body;
    }

    private static void reply(Exchange exchange, int status, byte[] body) {
        Message message = cleared(exchange);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, JSON);
        message.setBody(body);
    }

    private static Message cleared(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        return message;
    }

    private static void withCaravanHeaders(Message message, GatewayResponse response) {
        message.setHeader(H_REQUEST_ID, response.requestId());
        message.setHeader(H_PROVIDER, response.provider());
        message.setHeader(H_MODEL, response.model());
        message.setHeader(H_LATENCY, response.latencyMs());
        message.setHeader(H_COST, OpenAiResponses.costUsd(response.costMicros()));
    }

    private static jakarta.servlet.http.HttpServletResponse servletResponse(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http) {
            return http.getResponse();
        }
        throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER, "Streaming is only available over HTTP.", "stream");
    }

    private static void withRoute(Exchange exchange) {
        decisionHeaders(exchange, true).forEach(exchange.getMessage()::setHeader);
    }

    /**
     * What the gateway decided, for the caller: {@code x-caravan-cache} (hit, semantic-hit, miss,
     * bypass), {@code x-caravan-route} (the routing decision's one-line explanation, ASCII, no
     * request content) and, once the answer is complete, {@code x-caravan-fallback} and
     * {@code x-caravan-attempts}. A stream sends what is known when it starts (no attempts).
     */
    static Map<String, Object> decisionHeaders(Exchange exchange, boolean complete) {
        Map<String, Object> headers = new LinkedHashMap<>();
        CacheResult cache = exchange.getVariable(Vars.CACHE_RESULT, CacheResult.class);
        if (cache != null) {
            headers.put(H_CACHE, cache.header());
        }
        RouteDecision route = exchange.getVariable(Vars.ROUTE, RouteDecision.class);
        if (route != null) {
            headers.put(H_ROUTE, route.explanation());
        }
        Admission admission = exchange.getVariable(Vars.ADMISSION, Admission.class);
        if (admission != null) {
            headers.putAll(admission.headers());
        }
        AttemptPlan plan = exchange.getVariable(Vars.ATTEMPTS, AttemptPlan.class);
        if (complete && plan != null && plan.calls() > 0) {
            headers.put("x-caravan-fallback", plan.fellBack());
            headers.put("x-caravan-attempts", plan.summary());
        }
        return headers;
    }

    private static RequestOptions headerOptions(Exchange exchange) {
        Message m = exchange.getMessage();
        return new RequestOptions(m.getHeader("x-caravan-strategy", String.class),
                m.getHeader("x-caravan-prefer-provider", String.class), m.getHeader("x-caravan-prefer-model", String.class),
                cacheControl(m.getHeader(H_CACHE, String.class), m.getHeader("Cache-Control", String.class)));
    }

    /** {@code x-caravan-cache: false} bypasses the cache; {@code Cache-Control: no-cache} refreshes it, {@code no-store} stores nothing. */
    static CacheControl cacheControl(String caravanCache, String cacheControl) {
        String directives = cacheControl == null ? "" : cacheControl.toLowerCase(java.util.Locale.ROOT);
        return new CacheControl("false".equalsIgnoreCase(caravanCache == null ? null : caravanCache.trim()),
                directives.contains("no-cache"), directives.contains("no-store"));
    }

    private static Instant instant(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw GatewayException.invalid("'" + name + "' must be an ISO-8601 instant or date.", name);
            }
        }
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
