package dev.caravan.ingress;

import dev.caravan.api.OpenAiResponses;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenSink;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a streamed answer to the HTTP response as OpenAI's Server-Sent Events, flushing each
 * token as it arrives. The response is committed (status and headers sent) with the first
 * token, so until then a failure can still become an ordinary JSON error. Tokens arrive on the
 * provider client's thread and the end on the pipeline's; the methods are synchronized so that
 * their writes never interleave.
 */
final class SseTokenSink implements TokenSink {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServletResponse http;
    private final OpenAiResponses render;
    private final boolean includeUsage;
    private final long created;
    private String requestId;
    /** Read when the stream starts: by then the cache and routing decisions are made. */
    private final Supplier<Map<String, Object>> decisionHeaders;
    private String provider;
    private String model;
    private OutputStream out;
    private boolean gone;

    SseTokenSink(HttpServletResponse http, OpenAiResponses render, boolean includeUsage, long created,
                 Supplier<Map<String, Object>> decisionHeaders) {
        this.decisionHeaders = decisionHeaders;
        this.http = http;
        this.render = render;
        this.includeUsage = includeUsage;
        this.created = created;
    }

    @Override
    public synchronized void open(String requestId, String provider, String model) {
        this.requestId = requestId;
        this.provider = provider;
        this.model = model;
    }

    @Override
    public synchronized boolean token(String text) {
        if (text == null || text.isEmpty()) {
            return !gone;
        }
        return commit() && event(render.chunk(requestId, model, created, null, text, null));
    }

    @Override
    public synchronized boolean committed() {
        return out != null;
    }

    @Override
    public synchronized void complete(GatewayResponse response) {
        if (commit()) {
            boolean ok = event(render.chunk(requestId, model, created, null, null, response.finishReason()));
            if (ok && includeUsage) {
                ok = event(render.usageChunk(response));
            }
            if (ok) {
                write(DONE);
            }
        }
    }

    @Override
    public synchronized void fail(GatewayException error) {
        if (out != null && !gone) {
            event(render.error(error));
            write(DONE);
        }
    }

    /** Sends status, headers and the role chunk once; false when the client is gone. */
    private boolean commit() {
        if (gone) {
            return false;
        }
        if (out != null) {
            return true;
        }
        http.setStatus(200);
        http.setContentType("text/event-stream;charset=UTF-8");
        http.setHeader("Cache-Control", "no-cache");
        http.setHeader("X-Accel-Buffering", "no");
        http.setHeader(RestIngress.H_REQUEST_ID, requestId);
        http.setHeader(RestIngress.H_PROVIDER, provider);
        http.setHeader(RestIngress.H_MODEL, model);
        decisionHeaders.get().forEach((name, value) -> http.setHeader(name, String.valueOf(value)));
        try {
            out = http.getOutputStream();
        } catch (IOException | IllegalStateException e) {
            gone = true;
            return false;
        }
        return event(render.chunk(requestId, model, created, "assistant", "", null));
    }

    private boolean event(byte[] json) {
        return write(DATA, json, END);
    }

    private boolean write(byte[]... parts) {
        if (gone) {
            return false;
        }
        try {
            for (byte[] part : parts) {
                out.write(part);
            }
            out.flush();
            return true;
        } catch (IOException e) {
            gone = true;
            return false;
        }
    }
}
