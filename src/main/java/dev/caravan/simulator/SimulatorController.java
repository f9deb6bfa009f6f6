package dev.caravan.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * The simulator's HTTP face: OpenAI's {@code /v1/chat/completions} and {@code /v1/models} under
 * {@code /simulator}, and {@code /simulator/admin} to change the models at run time.
 *
 * <p>Bodies are written as bytes by {@link OpenAiWire}'s own mapper, so the application's Jackson
 * settings (naming, null inclusion, indentation) never change the wire format.
 *
 * <p>No servlet thread waits: latencies and hangs are {@link DeferredResult}s completed by the
 * {@link SimulatorClock}, streams are {@link ResponseBodyEmitter}s fed by it. Any
 * {@code Authorization} is accepted and none is read; request bodies are never logged.
 *
 * <p>Registered by {@link SimulatorConfiguration} (which imports it) or by component scanning; either
 * way only while {@code caravan.simulator.enabled} is not false.
 */
@RestController
@RequestMapping("/simulator")
@ConditionalOnProperty(prefix = "caravan.simulator", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SimulatorController {

    private static final Logger log = LoggerFactory.getLogger(SimulatorController.class);

    /** Added to the expected duration of an async answer to give its time-out. */
    static final long ASYNC_MARGIN_MS = 30_000L;

    private static final MediaType EVENT_STREAM = new MediaType("text", "event-stream", StandardCharsets.UTF_8);

    private final SimulatorRegistry registry;
    private final SimulatorEngine engine;
    private final SimulatorClock clock;

    private final ReceivedRequests received;

    public SimulatorController(SimulatorRegistry registry, SimulatorEngine engine, SimulatorClock clock,
                               ReceivedRequests received) {
        this.received = received;
        this.registry = registry;
        this.engine = engine;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ OpenAI API

    /**
     * Answers a chat completion: a {@code ResponseEntity} (immediate answers), a
     * {@code DeferredResult} (delayed ones) or a {@code ResponseBodyEmitter} (streams); Spring MVC
     * picks the handling from the runtime type of the value.
     */
    @PostMapping("/v1/chat/completions")
    public Object chatCompletions(@RequestBody(required = false) byte[] body) {
        ChatCompletionRequest request = OpenAiWire.parseChatRequest(body);
        String modelId = request.model();
        SimulatedModel model = registry.find(modelId).orElseThrow(() -> modelNotFound(modelId));
        received.add(modelId, request.messages());

        Failure failure = model.failureFor(ThreadLocalRandom.current().nextDouble());
        switch (failure) {
            case ERROR -> {
                log.debug("simulator {}: simulated error", modelId);
                return later(model.latencyMs(), errorEntity(new SimulatorApiException(500,
                        "The simulated model '" + modelId + "' failed (simulated server error).",
                        "server_error", null, "simulated_error")));
            }
            case RATE_LIMIT -> {
                log.debug("simulator {}: simulated rate limit", modelId);
                return rateLimited(modelId, model.retryAfterSeconds());
            }
            case TIMEOUT -> {
                log.debug("simulator {}: simulated timeout, holding for {} ms", modelId, model.hangMs());
                return hang(modelId, model.hangMs());
            }
            case NONE -> {
                // answer below
            }
        }

        SimulatedCompletion completion = engine.complete(modelId, request.messages(), request.maxTokens());
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        log.debug("simulator {}: {} prompt + {} completion tokens, stream={}",
                modelId, completion.promptTokens(), completion.completionTokens(), request.stream());
        if (request.stream()) {
            return stream(id, created, modelId, model, completion, request.includeUsage());
        }
        return later(model.latencyMs(), ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(OpenAiWire.bytes(OpenAiWire.completion(id, created, modelId, completion))));
    }

    @GetMapping("/v1/models")
    public ResponseEntity<byte[]> models() {
        return json(OpenAiWire.models(registry.all().keySet()));
    }

    @GetMapping("/v1/models/{id}")
    public ResponseEntity<byte[]> model(@PathVariable("id") String id) {
        registry.find(id).orElseThrow(() -> modelNotFound(id));
        return json(OpenAiWire.models(List.of(id)).get("data").get(0));
    }

    // ------------------------------------------------------------------ admin

    @GetMapping("/admin/models")
    public ResponseEntity<byte[]> adminModels() {
        return json(settings(registry.all()));
    }

    @PostMapping("/admin/models/{id}")
    public ResponseEntity<byte[]> adminUpdate(@PathVariable("id") String id, @RequestBody(required = false) byte[] body) {
        ObjectNode patch = OpenAiWire.readObject(body);
        if (id.isBlank()) {
            throw SimulatorApiException.badRequest("the model id must not be blank", "id", "invalid_value");
        }
        SimulatedModel updated = registry.update(id, current -> ModelSettingsPatch.apply(patch, current));
        log.info("simulator model {} changed: {}", id, updated);
        return json(OpenAiWire.modelSettings(id, updated));
    }

    /** What the simulated models received (model and message texts), oldest first. */
    @GetMapping("/admin/requests")
    public ResponseEntity<byte[]> adminRequests() {
        ObjectNode root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        var list = root.putArray("requests");
        for (ReceivedRequests.Received r : received.all()) {
            ObjectNode entry = list.addObject().put("model", r.model()).put("at", r.at().toString());
            var messages = entry.putArray("messages");
            r.messages().forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
        }
        return json(root);
    }

    @PostMapping("/admin/reset")
    public ResponseEntity<byte[]> adminReset() {
        registry.reset();
        received.clear();
        log.info("simulator models reset to their configured settings");
        return json(settings(registry.all()));
    }

    // ------------------------------------------------------------------ errors

    @ExceptionHandler(SimulatorApiException.class)
    public ResponseEntity<byte[]> onApiException(SimulatorApiException e) {
        return errorEntity(e);
    }

    // ------------------------------------------------------------------ helpers

    private Object later(long delayMs, ResponseEntity<byte[]> answer) {
        if (delayMs <= 0) {
            return answer;
        }
        DeferredResult<ResponseEntity<byte[]>> result = new DeferredResult<>(delayMs + ASYNC_MARGIN_MS);
        result.onTimeout(() -> result.setResult(unavailable("the simulator did not answer in time")));
        try {
            clock.schedule(() -> result.setResult(answer), delayMs * 1_000_000L);
        } catch (RejectedExecutionException e) {
            return unavailable("the simulator is shutting down");
        }
        return result;
    }

    private Object stream(String id, long created, String modelId, SimulatedModel model,
            SimulatedCompletion completion, boolean includeUsage) {
        long timeoutMs = TokenStream.durationMs(completion, model.latencyMs(), model.tokensPerSecond()) + ASYNC_MARGIN_MS;
        ResponseBodyEmitter emitter = new EventStreamEmitter(timeoutMs);
        try {
            new TokenStream(clock, emitter, id, created, modelId, completion, includeUsage,
                    model.latencyMs(), model.tokensPerSecond()).start();
        } catch (RejectedExecutionException e) {
            return unavailable("the simulator is shutting down");
        }
        return emitter;
    }

    private ResponseEntity<byte[]> rateLimited(String modelId, int retryAfterSeconds) {
        return ResponseEntity.status(429)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds))
                .header("retry-after-ms", Long.toString(retryAfterSeconds * 1000L))
                .contentType(MediaType.APPLICATION_JSON)
                .body(OpenAiWire.bytes(OpenAiWire.error(new SimulatorApiException(429,
                        "Rate limit reached for simulated model '" + modelId + "'. Please try again in "
                                + retryAfterSeconds + "s.",
                        "requests", null, "rate_limit_exceeded"))));
    }

    /**
     * Holds the request for {@code hangMs}, then drops it: 504 with {@code Connection: close} (a
     * servlet cannot cut the connection without answering). Answered at once when the application
     * stops, so that a hanging call never holds up a graceful shutdown.
     */
    private Object hang(String modelId, long hangMs) {
        DeferredResult<ResponseEntity<byte[]>> result = new DeferredResult<>(hangMs + ASYNC_MARGIN_MS);
        ResponseEntity<byte[]> dropped = ResponseEntity.status(504)
                .header(HttpHeaders.CONNECTION, "close")
                .contentType(MediaType.APPLICATION_JSON)
                .body(OpenAiWire.bytes(OpenAiWire.error(new SimulatorApiException(504,
                        "The simulated model '" + modelId + "' did not answer (simulated timeout).",
                        "server_error", null, "timeout"))));
        Runnable release = () -> result.setResult(dropped);
        Runnable unregister = clock.onStop(release);
        ScheduledFuture<?> timer;
        try {
            timer = clock.schedule(release, hangMs * 1_000_000L);
        } catch (RejectedExecutionException e) {
            unregister.run();
            return unavailable("the simulator is shutting down");
        }
        result.onTimeout(release);
        result.onCompletion(() -> {
            unregister.run();
            timer.cancel(false);
        });
        return result;
    }

    private static SimulatorApiException modelNotFound(String id) {
        return new SimulatorApiException(404, "The model '" + id + "' does not exist or you do not have access to it.",
                "invalid_request_error", "model", "model_not_found");
    }

    private static ResponseEntity<byte[]> unavailable(String message) {
        return errorEntity(new SimulatorApiException(503, message, "server_error", null, "service_unavailable"));
    }

    private static ResponseEntity<byte[]> errorEntity(SimulatorApiException e) {
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(OpenAiWire.bytes(OpenAiWire.error(e)));
    }

    private static ResponseEntity<byte[]> json(JsonNode body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(OpenAiWire.bytes(body));
    }

    private static ObjectNode settings(Map<String, SimulatedModel> models) {
        ObjectNode root = OpenAiWire.object();
        var list = root.putArray("models");
        models.forEach((id, model) -> list.add(OpenAiWire.modelSettings(id, model)));
        return root;
    }

    /** A response body emitter that declares {@code text/event-stream} and turns off caching. */
    static final class EventStreamEmitter extends ResponseBodyEmitter {

        EventStreamEmitter(long timeoutMs) {
            super(timeoutMs);
        }

        @Override
        protected void extendResponse(ServerHttpResponse outputMessage) {
            super.extendResponse(outputMessage);
            HttpHeaders headers = outputMessage.getHeaders();
            headers.setContentType(EVENT_STREAM);
            headers.setCacheControl("no-cache");
            headers.set("X-Accel-Buffering", "no");
        }
    }
}
