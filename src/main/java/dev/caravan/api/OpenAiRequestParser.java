package dev.caravan.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.CacheControl;
import dev.caravan.gateway.RequestOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads OpenAI-shaped request bodies into Caravan's own request types, rejecting anything the
 * gateway cannot honour with an error that names the offending parameter. Parameters the
 * gateway does not forward yet (tools, images, n &gt; 1) are refused rather than silently dropped.
 */
@org.springframework.stereotype.Component
public class OpenAiRequestParser {

    private static final Set<String> UNSUPPORTED_CHAT_FIELDS = Set.of("tools", "tool_choice", "functions",
            "function_call", "logprobs", "top_logprobs", "audio", "modalities", "prediction");

    private final ObjectMapper json;

    public OpenAiRequestParser(ObjectMapper json) {
        this.json = json;
    }

    /** A parsed chat body: which model was asked for and what to send it. */
    public record ParsedChat(String model, ChatRequest request, String task, RequestOptions options) {
    }

    /** A parsed embeddings body. */
    public record ParsedEmbedding(String model, EmbeddingRequest request, boolean base64) {
    }

    public ParsedChat parseChat(byte[] body) {
        return parseChat(readObject(body));
    }

    /** The model named in a body, if it names one as a string; for metering requests that fail validation. */
    public static String modelOf(JsonNode root) {
        JsonNode model = root.get("model");
        return model != null && model.isTextual() ? model.asText() : null;
    }

    public ParsedChat parseChat(JsonNode root) {
        String model = requiredString(root, "model");
        for (String field : UNSUPPORTED_CHAT_FIELDS) {
            if (root.hasNonNull(field)) {
                throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER,
                        "The parameter '" + field + "' is not supported by this gateway yet.", field);
            }
        }
        Integer n = optionalInt(root, "n", 1, Integer.MAX_VALUE);
        if (n != null && n != 1) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER, "Only n=1 is supported.", "n");
        }
        boolean stream = optionalBoolean(root, "stream", false);
        boolean includeUsage = false;
        JsonNode streamOptions = root.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw GatewayException.invalid("'stream_options' must be an object.", "stream_options");
            }
            includeUsage = optionalBoolean(streamOptions, "include_usage", false);
        }
        Integer maxTokens = optionalInt(root, "max_completion_tokens", 1, Integer.MAX_VALUE);
        if (maxTokens == null) {
            maxTokens = optionalInt(root, "max_tokens", 1, Integer.MAX_VALUE);
        }
        ChatRequest request = new ChatRequest(
                messages(root.get("messages")),
                optionalDouble(root, "temperature", 0, 2),
                optionalDouble(root, "top_p", 0, 1),
                maxTokens,
                stop(root.get("stop")),
                optionalLong(root, "seed"),
                optionalDouble(root, "presence_penalty", -2, 2),
                optionalDouble(root, "frequency_penalty", -2, 2),
                responseFormat(root.get("response_format")),
                optionalString(root, "user"),
                stream,
                stream && includeUsage);
        var cache = new CacheControl(!optionalBoolean(root, "cache", true), optionalBoolean(root, "force_refresh", false), false);
        return new ParsedChat(model, request, optionalString(root, "task"), new RequestOptions(
                optionalString(root, "strategy"), optionalString(root, "prefer_provider"), optionalString(root, "prefer_model"),
                cache));
    }

    public ParsedEmbedding parseEmbedding(byte[] body) {
        return parseEmbedding(readObject(body));
    }

    public ParsedEmbedding parseEmbedding(JsonNode root) {
        String model = requiredString(root, "model");
        JsonNode input = root.get("input");
        List<String> inputs = new ArrayList<>();
        if (input == null || input.isNull()) {
            throw GatewayException.invalid("'input' is required.", "input");
        } else if (input.isTextual()) {
            inputs.add(input.asText());
        } else if (input.isArray()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER,
                            "'input' must be a string or an array of strings; token arrays are not supported.", "input");
                }
                inputs.add(item.asText());
            }
        } else {
            throw GatewayException.invalid("'input' must be a string or an array of strings.", "input");
        }
        if (inputs.isEmpty()) {
            throw GatewayException.invalid("'input' must not be empty.", "input");
        }
        if (inputs.stream().anyMatch(String::isEmpty)) {
            throw GatewayException.invalid("'input' must not contain empty strings.", "input");
        }
        String format = optionalString(root, "encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw GatewayException.invalid("'encoding_format' must be 'float' or 'base64'.", "encoding_format");
        }
        if (root.hasNonNull("dimensions")) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER,
                    "The parameter 'dimensions' is not supported by this gateway yet.", "dimensions");
        }
        return new ParsedEmbedding(model, new EmbeddingRequest(inputs), "base64".equals(format));
    }

    /** Reads a free-form JSON body (used by channels that take a plain object). */
    public JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("The request body is empty; expected a JSON object.", null);
        }
        JsonNode root;
        try {
            root = json.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalid("The request body is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").", null);
        } catch (IOException e) {
            throw GatewayException.invalid("The request body could not be read.", null);
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.invalid("The request body must be a JSON object.", null);
        }
        return root;
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw GatewayException.invalid("'messages' is required.", "messages");
        }
        if (!node.isArray()) {
            throw GatewayException.invalid("'messages' must be an array.", "messages");
        }
        if (node.isEmpty()) {
            throw GatewayException.invalid("'messages' must contain at least one message.", "messages");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]"));
        }
        if (messages.stream().noneMatch(m -> m.role() == ChatMessage.Role.USER)) {
            throw GatewayException.invalid("'messages' must contain at least one user message.", "messages");
        }
        return messages;
    }

    private static ChatMessage message(JsonNode node, String param) {
        if (!node.isObject()) {
            throw GatewayException.invalid("Each message must be an object.", param);
        }
        JsonNode roleNode = node.get("role");
        if (roleNode == null || !roleNode.isTextual()) {
            throw GatewayException.invalid("'" + param + ".role' is required and must be a string.", param + ".role");
        }
        ChatMessage.Role role = switch (roleNode.asText()) {
            case "system" -> ChatMessage.Role.SYSTEM;
            case "developer" -> ChatMessage.Role.DEVELOPER;
            case "user" -> ChatMessage.Role.USER;
            case "assistant" -> ChatMessage.Role.ASSISTANT;
            case "tool", "function" -> throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER,
                    "Tool messages are not supported by this gateway yet.", param + ".role");
            default -> throw GatewayException.invalid("'" + param + ".role' must be one of system, developer, user, assistant.",
                    param + ".role");
        };
        if (node.hasNonNull("tool_calls")) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER,
                    "Assistant tool calls are not supported by this gateway yet.", param + ".tool_calls");
        }
        String content = content(node.get("content"), param + ".content");
        if (content.isBlank() && role != ChatMessage.Role.ASSISTANT) {
            throw GatewayException.invalid("'" + param + ".content' must not be empty.", param + ".content");
        }
        JsonNode name = node.get("name");
        return new ChatMessage(role, content, name != null && name.isTextual() ? name.asText() : null);
    }

    private static String content(JsonNode node, String param) {
        if (node == null || node.isNull()) {
            throw GatewayException.invalid("'" + param + "' is required.", param);
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw GatewayException.invalid("'" + param + "' must be a string or an array of content parts.", param);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : node) {
            String type = part.path("type").asText("");
            if (type.equals("text") && part.path("text").isTextual()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(part.get("text").asText());
            } else if (type.equals("image_url") || type.equals("input_audio") || type.equals("file")) {
                throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER,
                        "Content parts of type '" + type + "' are not supported by this gateway yet.", param);
            } else {
                throw GatewayException.invalid("Each content part needs a type of 'text' and a string 'text'.", param);
            }
        }
        return text.toString();
    }

    private static List<String> stop(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (node.isArray() && node.size() <= 4) {
            List<String> stops = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw GatewayException.invalid("'stop' must be a string or an array of up to 4 strings.", "stop");
                }
                stops.add(item.asText());
            }
            return stops;
        }
        throw GatewayException.invalid("'stop' must be a string or an array of up to 4 strings.", "stop");
    }

    private static String responseFormat(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String type = node.isObject() ? node.path("type").asText(null) : null;
        if (type == null) {
            throw GatewayException.invalid("'response_format' must be an object with a 'type'.", "response_format");
        }
        return switch (type) {
            case "text", "json_object" -> type;
            case "json_schema" -> throw new GatewayException(ErrorKind.UNSUPPORTED_PARAMETER,
                    "response_format 'json_schema' is not supported by this gateway yet; use 'json_object'.",
                    "response_format");
            default -> throw GatewayException.invalid("'response_format.type' must be 'text' or 'json_object'.",
                    "response_format");
        };
    }

    private static String requiredString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw GatewayException.invalid("'" + field + "' is required.", field);
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw GatewayException.invalid("'" + field + "' must be a non-empty string.", field);
        }
        return node.asText();
    }

    private static String optionalString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw GatewayException.invalid("'" + field + "' must be a string.", field);
        }
        return node.asText();
    }

    private static boolean optionalBoolean(JsonNode root, String field, boolean fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw GatewayException.invalid("'" + field + "' must be a boolean.", field);
        }
        return node.asBoolean();
    }

    private static Double optionalDouble(JsonNode root, String field, double min, double max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw GatewayException.invalid("'" + field + "' must be a number.", field);
        }
        double value = node.asDouble();
        if (value < min || value > max) {
            throw GatewayException.invalid(String.format(Locale.ROOT, "'%s' must be between %s and %s.", field,
                    trim(min), trim(max)), field);
        }
        return value;
    }

    private static Integer optionalInt(JsonNode root, String field, int min, int max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw GatewayException.invalid("'" + field + "' must be an integer.", field);
        }
        int value = node.asInt();
        if (value < min || value > max) {
            throw GatewayException.invalid("'" + field + "' must be at least " + min + ".", field);
        }
        return value;
    }

    private static Long optionalLong(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw GatewayException.invalid("'" + field + "' must be an integer.", field);
        }
        return node.asLong();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
