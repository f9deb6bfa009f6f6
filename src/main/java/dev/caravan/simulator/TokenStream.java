package dev.caravan.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Sends one streamed answer: the role chunk and the first token after the latency, then one token
 * every {@code 1/tokensPerSecond} seconds (all at once for 0), then the finish chunk, the usage chunk
 * when asked for, and {@code [DONE]}. Each step is a task on the shared {@link SimulatorClock}; each
 * event is written and flushed on its own. Sending stops quietly when the client goes away.
 */
final class TokenStream implements Runnable {

    private static final MediaType BYTES = MediaType.APPLICATION_OCTET_STREAM;

    private final SimulatorClock clock;
    private final ResponseBodyEmitter emitter;
    private final String id;
    private final long created;
    private final String model;
    private final SimulatedCompletion completion;
    private final List<String> tokens;
    private final boolean includeUsage;
    private final long latencyNanos;
    private final long intervalNanos;

    private long startNanos;
    private int next; // index of the next token to send
    private volatile boolean finished;
    private volatile ScheduledFuture<?> pending;

    TokenStream(SimulatorClock clock, ResponseBodyEmitter emitter, String id, long created, String model,
            SimulatedCompletion completion, boolean includeUsage, long latencyMs, int tokensPerSecond) {
        this.clock = clock;
        this.emitter = emitter;
        this.id = id;
        this.created = created;
        this.model = model;
        this.completion = completion;
        this.tokens = completion.tokens();
        this.includeUsage = includeUsage;
        this.latencyNanos = latencyMs * 1_000_000L;
        this.intervalNanos = tokensPerSecond > 0 ? 1_000_000_000L / tokensPerSecond : 0L;
    }

    /** How long the whole stream should take, for the emitter's time-out. */
    static long durationMs(SimulatedCompletion completion, long latencyMs, int tokensPerSecond) {
        long pacing = tokensPerSecond > 0 ? (long) completion.completionTokens() * 1000L / tokensPerSecond : 0L;
        return latencyMs + pacing;
    }

    void start() {
        emitter.onCompletion(this::cancel);
        emitter.onTimeout(this::cancel);
        emitter.onError(error -> cancel());
        startNanos = clock.nanoTime();
        pending = clock.schedule(this, latencyNanos);
    }

    @Override
    public void run() {
        if (finished) {
            return;
        }
        try {
            long now = clock.nanoTime();
            if (next == 0) {
                send(OpenAiWire.roleChunk(id, created, model));
            }
            while (next < tokens.size() && dueAt(next) <= now) {
                send(OpenAiWire.contentChunk(id, created, model, tokens.get(next)));
                next++;
            }
            if (next < tokens.size()) {
                pending = clock.schedule(this, dueAt(next) - clock.nanoTime());
                return;
            }
            send(OpenAiWire.finishChunk(id, created, model, completion.finishReason()));
            if (includeUsage) {
                send(OpenAiWire.usageChunk(id, created, model, completion));
            }
            emitter.send(OpenAiWire.doneEvent(), BYTES);
            finished = true;
            emitter.complete();
        } catch (IOException | IllegalStateException | RejectedExecutionException e) {
            // The client went away, the request timed out or the application is stopping: the
            // container reports and completes the request; nothing more to send.
            finished = true;
        }
    }

    private long dueAt(int token) {
        return startNanos + latencyNanos + token * intervalNanos;
    }

    private void send(JsonNode chunk) throws IOException {
        emitter.send(OpenAiWire.event(chunk), BYTES);
    }

    private void cancel() {
        finished = true;
        ScheduledFuture<?> task = pending;
        if (task != null) {
            task.cancel(false);
        }
    }
}
