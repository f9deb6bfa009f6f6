package dev.caravan.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * OpenAI's chat-completions wire format: reads requests, writes answers, stream chunks, errors and
 * model lists. Uses its own {@link ObjectMapper}, so the application's Jackson settings cannot
 * change what the simulator speaks.
 */
public final class OpenAiWire {

    /** {@code created} of every model in the model list (a fixed date, the list never changes it). */
    static final long MODELS_CREATED = 1_735_689_600L; // 2025-01-01T00:00:00Z
    static final String OWNED_BY = "caravan-simulator";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private OpenAiWire() {
    }

    // ---------------------------------------------------------------- requests

    /**
     * Reads a chat-completions request body.
     *
     * @throws SimulatorApiException 400 when the body is not JSON or not a valid request
     */
    public static ChatCompletionRequest parseChatRequest(byte[] body) {
        JsonNode root = readObject(body);
        JsonNode modelNode = root.get("model");
        if (modelNode == null || modelNode.isNull()) {
            throw SimulatorApiException.badRequest("you must provide a model parameter", "model", "missing_required_parameter");
        }
        if (!modelNode.isTextual() || modelNode.asText().isBlank()) {
            throw SimulatorApiException.badRequest("'model' must be a non-empty string", "model", "invalid_type");
        }
        List<PromptMessage> messages = parseMessages(root.get("messages"));
        Integer maxTokens = positiveInt(root, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = positiveInt(root, "max_tokens");
        }
        boolean stream = bool(root, "stream");
        JsonNode options = root.get("stream_options");
        boolean includeUsage = false;
        if (options != null && !options.isNull()) {
            if (!options.isObject()) {
                throw SimulatorApiException.badRequest("'stream_options' must be an object", "stream_options", "invalid_type");
            }
            includeUsage = bool(options, "include_usage");
        }
        return new ChatCompletionRequest(modelNode.asText(), messages, maxTokens, stream, includeUsage);
    }

    /**
     * Reads a JSON object body.
     *
     * @throws SimulatorApiException 400 when the body is empty, not JSON, or not an object
     */
    public static ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw SimulatorApiException.badRequest("the request body is empty; expected a JSON object", null, "invalid_json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            // Never the body itself: it may hold anything the caller sent.
            throw SimulatorApiException.badRequest("we could not parse the JSON body of your request", null, "invalid_json");
        }
        if (root == null || !root.isObject()) {
            throw SimulatorApiException.badRequest("the request body must be a JSON object", null, "invalid_json");
        }
        return (ObjectNode) root;
    }

    private static List<PromptMessage> parseMessages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw SimulatorApiException.badRequest("you must provide a messages parameter", "messages", "missing_required_parameter");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw SimulatorApiException.badRequest("'messages' must be a non-empty array", "messages", "invalid_type");
        }
        List<PromptMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode message = node.get(i);
            String param = "messages[" + i + "]";
            if (!message.isObject()) {
                throw SimulatorApiException.badRequest("'" + param + "' must be an object", param, "invalid_type");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw SimulatorApiException.badRequest("'" + param + ".role' must be a string", param + ".role", "invalid_type");
            }
            messages.add(new PromptMessage(role.asText(), content(message.get("content"), param + ".content")));
        }
        return messages;
    }

    /** A message's text: a string, or the text parts of an array joined by newlines; other parts are skipped. */
    private static String content(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw SimulatorApiException.badRequest("'" + param + "' must be a string or an array of parts", param, "invalid_type");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            if (!part.isObject() || !part.path("type").isTextual()) {
                throw SimulatorApiException.badRequest(
                        "'" + param + "[" + i + "]' must be an object with a type", param + "[" + i + "]", "invalid_type");
            }
            if (!"text".equals(part.get("type").asText())) {
                continue; // images, audio, files: no text to count
            }
            JsonNode partText = part.get("text");
            if (partText == null || !partText.isTextual()) {
                throw SimulatorApiException.badRequest(
                        "'" + param + "[" + i + "].text' must be a string", param + "[" + i + "].text", "invalid_type");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(partText.asText());
        }
        return text.toString();
    }

    private static Integer positiveInt(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            throw SimulatorApiException.badRequest("'" + field + "' must be an integer of at least 1", field, "invalid_value");
        }
        return node.asInt();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw SimulatorApiException.badRequest("'" + field + "' must be a boolean", field, "invalid_type");
        }
        return node.asBoolean();
    }

    // ---------------------------------------------------------------- answers

    /** A {@code chat.completion} object. */
    public static ObjectNode completion(String id, long created, String model, SimulatedCompletion completion) {
        ObjectNode root = header(id, "chat.completion", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", completion.text());
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", completion.finishReason());
        root.set("usage", usage(completion));
        return root;
    }

    /** The first chunk of a stream: the assistant role, no content. */
    public static ObjectNode roleChunk(String id, long created, String model) {
        ObjectNode chunk = header(id, "chat.completion.chunk", created, model);
        ObjectNode choice = chunkChoice(chunk);
        choice.putObject("delta").put("role", "assistant");
        choice.putNull("finish_reason");
        return chunk;
    }

    /** A chunk carrying one token of content. */
    public static ObjectNode contentChunk(String id, long created, String model, String token) {
        ObjectNode chunk = header(id, "chat.completion.chunk", created, model);
        ObjectNode choice = chunkChoice(chunk);
        choice.putObject("delta").put("content", token);
        choice.putNull("finish_reason");
        return chunk;
    }

    /** The chunk that ends the choice: empty delta and the finish reason. */
    public static ObjectNode finishChunk(String id, long created, String model, String finishReason) {
        ObjectNode chunk = header(id, "chat.completion.chunk", created, model);
        ObjectNode choice = chunkChoice(chunk);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    /** The last chunk when {@code stream_options.include_usage} is set: no choices, the usage. */
    public static ObjectNode usageChunk(String id, long created, String model, SimulatedCompletion completion) {
        ObjectNode chunk = header(id, "chat.completion.chunk", created, model);
        chunk.putArray("choices");
        chunk.set("usage", usage(completion));
        return chunk;
    }

    /** {@code node} as compact UTF-8 JSON. */
    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    /** One server-sent event: {@code data: <json>\n\n}. */
    public static byte[] event(JsonNode data) {
        byte[] json = bytes(data);
        byte[] event = new byte[DATA.length + json.length + 2];
        System.arraycopy(DATA, 0, event, 0, DATA.length);
        System.arraycopy(json, 0, event, DATA.length, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return event;
    }

    /** {@code data: [DONE]\n\n}. */
    public static byte[] doneEvent() {
        return DONE.clone();
    }

    /** {@code {"error":{"message","type","param","code"}}}. */
    public static ObjectNode error(SimulatorApiException e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type());
        error.put("param", e.param());
        error.put("code", e.code());
        return root;
    }

    /** An OpenAI model list. */
    public static ObjectNode models(Collection<String> ids) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : ids) {
            ObjectNode model = data.addObject();
            model.put("id", id);
            model.put("object", "model");
            model.put("created", MODELS_CREATED);
            model.put("owned_by", OWNED_BY);
        }
        return root;
    }

    /** A model's settings as the admin endpoint shows them (camelCase, failure in kebab-case). */
    public static ObjectNode modelSettings(String id, SimulatedModel model) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("latencyMs", model.latencyMs());
        node.put("tokensPerSecond", model.tokensPerSecond());
        node.put("failure", model.failure().wireName());
        if (model.errorRate() == null) {
            node.putNull("errorRate");
        } else {
            node.put("errorRate", model.errorRate());
        }
        node.put("effectiveErrorRate", model.effectiveErrorRate());
        node.put("retryAfterSeconds", model.retryAfterSeconds());
        node.put("hangMs", model.hangMs());
        return node;
    }

    /** An empty object node of this wire's mapper. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static ObjectNode header(String id, String object, long created, String model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        root.putNull("system_fingerprint");
        return root;
    }

    private static ObjectNode chunkChoice(ObjectNode chunk) {
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putNull("logprobs");
        return choice;
    }

    private static ObjectNode usage(SimulatedCompletion completion) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", completion.promptTokens());
        usage.put("completion_tokens", completion.completionTokens());
        usage.put("total_tokens", completion.totalTokens());
        return usage;
    }
}
