package dev.caravan.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.classify.Classification;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.Finding;
import dev.caravan.classify.Redactor;
import dev.caravan.classify.Sensitivity;
import dev.caravan.crypto.AesGcm;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestOptions;
import dev.caravan.gateway.RequestPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns a {@link GatewayRequest} into the text stored in {@code dead_letters.payload} and back.
 *
 * <p>The request is written as JSON by explicit conversion (no annotations on the gateway
 * records); the sealed {@link RequestPayload} carries a {@code kind} discriminator
 * ({@code chat} | {@code embedding}). Then, depending on configuration:
 * <ul>
 * <li><b>{@value #AES_GCM}</b> (a key is configured, {@code CARAVAN_DLQ_KEY}): the whole JSON is
 * encrypted with AES-256-GCM, a random 12-byte IV per payload, a 128-bit tag and the request id
 * as additional authenticated data (a payload copied onto another row does not decrypt). Stored
 * as {@code base64(iv || ciphertext+tag)}. A replay is exact.</li>
 * <li><b>{@value #MASKED}</b> (no key): every finding at level {@code RESTRICTED} (credentials,
 * keys, card and bank account numbers) is replaced by a typed placeholder such as
 * {@code [AWS_ACCESS_KEY_1]}, the same value by the same placeholder. Findings below restricted
 * (personal data: e-mail addresses, phone numbers, …) are <em>kept</em>: they are what the model
 * needs to give a meaningful answer on replay, and they are no worse off in this table than in
 * the providers' and callers' own logs. Configure a key where personal data must not be stored
 * in clear either. A masked replay sends the placeholders, not the secrets, to the model.</li>
 * </ul>
 *
 * <p>Masking relies on the request's classification, whose offsets must refer to the texts of
 * the request passed in (the request as classified, not a redacted copy). When no
 * classification is given, or its restricted findings do not fit the texts, the request is
 * classified again with the application's {@link Classifier}; a message whose restricted
 * findings still do not fit is replaced as a whole by {@value #WHOLE_MESSAGE_PLACEHOLDER}.
 *
 * <p>Neither keys nor payloads are ever logged.
 */
@Component
public class DeadLetterCodec {

    public static final String MASKED = "masked";
    public static final String AES_GCM = "aes-gcm";
    /** Replaces a message whose restricted findings cannot be located in it. */
    public static final String WHOLE_MESSAGE_PLACEHOLDER = "[RESTRICTED_CONTENT]";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterCodec.class);

    /** Version of the JSON written; readers accept this one. */
    static final int JSON_VERSION = 1;
    private final AesGcm key;
    private final Function<List<String>, Classification> classifier;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Redactor redactor = new Redactor();
    private volatile boolean warnedUnclassified;

    /** Spring constructor: validates the key now, so a bad key stops the application at start-up. */
    @Autowired
    public DeadLetterCodec(DeadLetterProperties properties, ObjectProvider<Classifier> classifier) {
        this(properties, classifierFunction(classifier.getIfAvailable()));
        log.info(key != null
                ? "Dead letters: payloads are encrypted (AES-256-GCM, key from caravan.dead-letters.encryption-key)"
                : "Dead letters: no encryption key configured (CARAVAN_DLQ_KEY); restricted values are masked"
                        + " and replays of requests that held them are not exact");
    }

    /**
     * @param classifier classifies texts when no (usable) classification is given; null: none
     * @throws IllegalStateException when the configured key is not base64 of 32 bytes
     */
    public DeadLetterCodec(DeadLetterProperties properties, Function<List<String>, Classification> classifier) {
        byte[] bytes = (properties == null ? DeadLetterProperties.masking() : properties).keyBytes();
        this.key = bytes == null ? null : new AesGcm(bytes);
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0); // AesGcm keeps its own copy
        }
        this.classifier = classifier;
    }

    private static Function<List<String>, Classification> classifierFunction(Classifier classifier) {
        return classifier == null ? null : classifier::classify;
    }

    /** Whether payloads are encrypted (a key is configured) rather than masked. */
    public boolean encrypts() {
        return key != null;
    }

    /**
     * What to store for a request.
     *
     * @param format      {@value #MASKED} or {@value #AES_GCM}
     * @param payload     the masked JSON, or {@code base64(iv || ciphertext)}
     * @param sensitivity the request's level as classified (null when unknown)
     */
    public record Encoded(String format, String payload, Sensitivity sensitivity) {

        /** Never shows the payload. */
        @Override
        public String toString() {
            return "Encoded[format=" + format + ", " + (payload == null ? 0 : payload.length()) + " chars]";
        }
    }

    /** Encodes with the request's own id as the authenticated data. */
    public Encoded encode(GatewayRequest request, Classification classification) {
        return encode(request, classification, request.requestId());
    }

    /**
     * Encodes {@code request} for storage.
     *
     * @param classification the request's classification (offsets into {@code request.texts()});
     *                       null: classified here when a classifier is available
     * @param requestId      the id the payload is bound to (AES-GCM additional data); pass the
     *                       value stored in {@code request_id}, and the same to {@link #decode}
     */
    public Encoded encode(GatewayRequest request, Classification classification, String requestId) {
        Objects.requireNonNull(request, "request");
        if (key != null) {
            Classification known = classification != null ? classification : classifyOrNull(request.texts());
            return new Encoded(AES_GCM, encrypt(toJson(request), requestId),
                    known == null ? null : known.sensitivity());
        }
        List<String> texts = request.texts();
        Classification used = classification != null ? classification : classifyOrNull(texts);
        if (used == null) {
            if (!warnedUnclassified) {
                warnedUnclassified = true;
                log.warn("Dead letters: a request was stored without a classification and no classifier is"
                        + " available; nothing could be masked (configure CARAVAN_DLQ_KEY to encrypt instead)");
            }
            return new Encoded(MASKED, toJson(request), null);
        }
        if (classification != null && !fits(restricted(used), texts)) {
            Classification again = classifyOrNull(texts);
            used = again != null ? again : used;
        }
        return new Encoded(MASKED, toJson(mask(request, restricted(used))), used.sensitivity());
    }

    /**
     * The stored request.
     *
     * @param requestId the row's {@code request_id} (the authenticated data of an encrypted payload)
     * @throws DeadLetterException {@code UNDECRYPTABLE} when the payload is encrypted and no key
     *                             or another key is configured, was altered, or is not a request
     */
    public GatewayRequest decode(String format, String payload, String requestId) {
        return fromJson(open(format, payload, requestId, "payload"));
    }

    /**
     * Protects a text stored beside a letter (a replay's undelivered answer) the way payloads are:
     * encrypted when a key is configured, else with its restricted findings masked.
     *
     * @param aad the authenticated data (the letter id); the same must be passed to {@link #reveal}
     */
    public Encoded protect(String text, String aad) {
        if (text == null) {
            return null;
        }
        if (key != null) {
            return new Encoded(AES_GCM, encrypt(text, aad), null);
        }
        Classification found = classifyOrNull(List.of(text));
        if (found == null) {
            return new Encoded(MASKED, text, null);
        }
        List<Finding> restricted = restricted(found);
        return new Encoded(MASKED, maskTexts(List.of(text), restricted).get(0), found.sensitivity());
    }

    /** The text {@link #protect} stored. */
    public String reveal(String format, String text, String aad) {
        return text == null ? null : open(format, text, aad, "stored answer");
    }

    // ---------------------------------------------------------------- masking

    private Classification classifyOrNull(List<String> texts) {
        return classifier == null ? null : classifier.apply(texts);
    }

    private static List<Finding> restricted(Classification classification) {
        return classification.findings().stream().filter(f -> f.level() == Sensitivity.RESTRICTED).toList();
    }

    private static boolean fits(List<Finding> findings, List<String> texts) {
        for (Finding f : findings) {
            if (f.message() < 0 || f.message() >= texts.size()) {
                return false;
            }
            String text = texts.get(f.message());
            if (text == null || f.end() > text.length()) {
                return false;
            }
        }
        return true;
    }

    private GatewayRequest mask(GatewayRequest request, List<Finding> restricted) {
        if (restricted.isEmpty()) {
            return request;
        }
        List<String> masked = maskTexts(request.texts(), restricted);
        RequestPayload payload = request.payload() instanceof ChatRequest chat
                ? chat.withContents(masked)
                : new EmbeddingRequest(masked);
        return request.withPayload(payload);
    }

    /**
     * Replaces every restricted finding by its placeholder. Findings are sorted and overlapping
     * ones merged first (the {@link Redactor} skips a span that starts inside the previous one,
     * which would leave part of a value in clear); a message with a finding outside its text is
     * replaced as a whole.
     */
    private List<String> maskTexts(List<String> texts, List<Finding> restricted) {
        Set<Integer> wholeMessages = new HashSet<>();
        List<Finding> located = new ArrayList<>();
        for (Finding f : restricted) {
            if (f.message() < 0 || f.message() >= texts.size()) {
                continue; // no such text: nothing to hide
            }
            String text = texts.get(f.message());
            if (text == null) {
                continue;
            }
            if (f.end() > text.length()) {
                wholeMessages.add(f.message());
            } else if (f.length() > 0) {
                located.add(f);
            }
        }
        located.removeIf(f -> wholeMessages.contains(f.message()));
        List<String> out = new ArrayList<>(redactor.redact(texts, new Classification(Sensitivity.RESTRICTED,
                merged(located))).texts());
        for (int m : wholeMessages) {
            out.set(m, WHOLE_MESSAGE_PLACEHOLDER);
        }
        return out;
    }

    private static List<Finding> merged(List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingInt(Finding::message).thenComparingInt(Finding::start)
                .thenComparing(Comparator.comparingInt(Finding::end).reversed()));
        List<Finding> out = new ArrayList<>();
        for (Finding f : sorted) {
            Finding last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.message() == f.message() && f.start() < last.end()) {
                if (f.end() > last.end()) {
                    out.set(out.size() - 1, new Finding(last.type(), last.message(), last.start(), f.end(),
                            last.detector(), last.confidence(), last.level()));
                }
            } else {
                out.add(f);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- encryption

    private String encrypt(String plaintext, String aad) {
        return key.seal(plaintext, aad);
    }

    private String open(String format, String stored, String aad, String what) {
        if (MASKED.equals(format)) {
            return stored;
        }
        if (!AES_GCM.equals(format)) {
            throw new DeadLetterException(DeadLetterException.Reason.UNDECRYPTABLE,
                    "The dead letter's " + what + " has an unknown format '" + format + "'.");
        }
        if (key == null) {
            throw new DeadLetterException(DeadLetterException.Reason.UNDECRYPTABLE, "The dead letter's " + what
                    + " is encrypted (aes-gcm) but no key is configured: set CARAVAN_DLQ_KEY"
                    + " (caravan.dead-letters.encryption-key) to the key it was encrypted with.");
        }
        try {
            return key.open(stored, aad);
        } catch (AesGcm.Unreadable e) {
            if (e.tampered()) {
                throw undecryptable(what, e.getCause());
            }
            throw new DeadLetterException(DeadLetterException.Reason.UNDECRYPTABLE,
                    "The dead letter's " + what + " could not be decrypted (" + e.getCause().getClass().getSimpleName()
                            + ").", e.getCause());
        }
    }

    private static DeadLetterException undecryptable(String what, Throwable cause) {
        return new DeadLetterException(DeadLetterException.Reason.UNDECRYPTABLE, "The dead letter's " + what
                + " cannot be decrypted: the configured key (CARAVAN_DLQ_KEY) is not the one it was encrypted"
                + " with, or the stored value was altered.", cause);
    }

    // ---------------------------------------------------------------- JSON

    /** The request as JSON (in clear: only ever stored masked or encrypted). */
    public String toJson(GatewayRequest request) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", JSON_VERSION);
        root.put("request_id", request.requestId());
        root.put("channel", request.channel() == null ? null : request.channel().id());
        if (request.caller() != null) {
            ObjectNode caller = root.putObject("caller");
            caller.put("tenant", request.caller().tenant());
            caller.put("user", request.caller().user());
            caller.put("service", request.caller().service());
            caller.put("key_id", request.caller().keyId());
        }
        root.put("task", request.task());
        root.put("model", request.model());
        ObjectNode options = root.putObject("options");
        options.put("strategy", request.options().strategy());
        options.put("prefer_provider", request.options().preferProvider());
        options.put("prefer_model", request.options().preferModel());
        root.put("received_at", request.receivedAt() == null ? null : request.receivedAt().toString());
        ObjectNode payload = root.putObject("payload");
        if (request.payload() instanceof ChatRequest chat) {
            writeChat(payload, chat);
        } else if (request.payload() instanceof EmbeddingRequest embedding) {
            payload.put("kind", "embedding");
            ArrayNode inputs = payload.putArray("inputs");
            embedding.inputs().forEach(inputs::add);
        } else {
            throw new IllegalArgumentException("a request without a payload cannot be stored");
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the request as JSON", e);
        }
    }

    private static void writeChat(ObjectNode payload, ChatRequest chat) {
        payload.put("kind", "chat");
        ArrayNode messages = payload.putArray("messages");
        for (ChatMessage m : chat.messages()) {
            ObjectNode message = messages.addObject();
            message.put("role", m.role() == null ? null : m.role().wire());
            message.put("content", m.content());
            message.put("name", m.name());
        }
        payload.put("temperature", chat.temperature());
        payload.put("top_p", chat.topP());
        payload.put("max_tokens", chat.maxTokens());
        ArrayNode stop = payload.putArray("stop");
        chat.stop().forEach(stop::add);
        payload.put("seed", chat.seed());
        payload.put("presence_penalty", chat.presencePenalty());
        payload.put("frequency_penalty", chat.frequencyPenalty());
        payload.put("response_format", chat.responseFormat());
        payload.put("user", chat.user());
        payload.put("stream", chat.stream());
        payload.put("include_usage", chat.includeUsage());
    }

    /**
     * The request written by {@link #toJson}.
     *
     * @throws DeadLetterException {@code UNDECRYPTABLE} when the text is not such a request
     */
    public GatewayRequest fromJson(String json) {
        try {
            JsonNode root = mapper.readTree(json);
            if (root == null || !root.isObject() || root.path("v").asInt() != JSON_VERSION) {
                throw new IllegalArgumentException("not a version " + JSON_VERSION + " dead-letter request");
            }
            JsonNode c = root.get("caller");
            Caller caller = c == null || c.isNull() ? null
                    : new Caller(text(c, "tenant"), text(c, "user"), text(c, "service"), text(c, "key_id"));
            JsonNode o = root.path("options");
            RequestOptions options = new RequestOptions(text(o, "strategy"), text(o, "prefer_provider"),
                    text(o, "prefer_model"));
            String channel = text(root, "channel");
            String receivedAt = text(root, "received_at");
            return new GatewayRequest(text(root, "request_id"),
                    channel == null ? null : Channel.valueOf(channel.toUpperCase(Locale.ROOT)),
                    caller, text(root, "task"), text(root, "model"), readPayload(root.path("payload")),
                    options,
                    receivedAt == null ? null : Instant.parse(receivedAt));
        } catch (DeadLetterException e) {
            throw e;
        } catch (JsonProcessingException | RuntimeException e) {
            // the message of a parse error may quote the payload: keep only the type
            throw new DeadLetterException(DeadLetterException.Reason.UNDECRYPTABLE,
                    "The dead letter's payload is not a readable request (" + e.getClass().getSimpleName() + ").");
        }
    }

    private static RequestPayload readPayload(JsonNode p) {
        String kind = text(p, "kind");
        if ("embedding".equals(kind)) {
            return new EmbeddingRequest(strings(p.path("inputs")));
        }
        if (!"chat".equals(kind)) {
            throw new IllegalArgumentException("unknown payload kind");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : p.path("messages")) {
            String role = text(m, "role");
            messages.add(new ChatMessage(role == null ? null : ChatMessage.Role.valueOf(role.toUpperCase(Locale.ROOT)),
                    text(m, "content"), text(m, "name")));
        }
        JsonNode maxTokens = p.get("max_tokens");
        JsonNode seed = p.get("seed");
        return new ChatRequest(messages, decimal(p, "temperature"), decimal(p, "top_p"),
                maxTokens == null || maxTokens.isNull() ? null : maxTokens.intValue(),
                strings(p.path("stop")),
                seed == null || seed.isNull() ? null : seed.longValue(),
                decimal(p, "presence_penalty"), decimal(p, "frequency_penalty"), text(p, "response_format"),
                text(p, "user"), p.path("stream").asBoolean(false), p.path("include_usage").asBoolean(false));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Double decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.doubleValue();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(item.isNull() ? null : item.asText());
        }
        return out;
    }

    /**
     * A JSON message describing a stored dead letter, for the {@code caravan.dlq} queue: its
     * metadata and its protected payload (never the request in clear), snake_case fields.
     */
    public String envelope(DeadLetter letter) {
        ObjectNode root = mapper.createObjectNode();
        root.put("dead_letter_id", letter.id());
        root.put("request_id", letter.requestId());
        root.put("channel", letter.channel() == null ? null : letter.channel().id());
        root.put("created_at", letter.createdAt() == null ? null : letter.createdAt().toString());
        root.put("status", letter.status() == null ? null : letter.status().id());
        root.put("error_code", letter.errorCode());
        root.put("error_message", letter.errorMessage());
        root.put("attempts", letter.attempts());
        root.put("model_requested", letter.modelRequested());
        root.put("sensitivity", letter.sensitivity());
        root.put("reply_to", letter.replyTo());
        root.put("correlation_id", letter.correlationId());
        root.put("payload_format", letter.payloadFormat());
        root.put("payload", letter.payload());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the dead-letter envelope", e);
        }
    }
}
