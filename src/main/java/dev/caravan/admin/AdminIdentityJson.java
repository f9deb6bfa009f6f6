package dev.caravan.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.caravan.gateway.GatewayException;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The admin API's JSON: snake_case both ways, instants as ISO-8601, and strict reading, so that a
 * typo ({@code "plan": "gold"} for {@code plan_id}) or a wrong type ({@code "max_tokens_in": "10"})
 * is a 400 naming the field rather than a silently ignored value.
 */
public final class AdminIdentityJson {

    private final ObjectMapper mapper;

    public AdminIdentityJson() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        // no numbers or booleans where a string is expected (ids, names)
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.mapper = mapper;
    }

    /**
     * Reads a JSON object.
     *
     * @throws GatewayException 400 when the body is empty, not JSON or not an object
     */
    public JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("Send a JSON object as the request body.", null);
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw GatewayException.invalid("The request body is not valid JSON.", null);
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.invalid("The request body must be a JSON object.", null);
        }
        return root;
    }

    /**
     * Binds a JSON object to a request record.
     *
     * @throws GatewayException 400 naming the unknown or mistyped field
     */
    public <T> T bind(JsonNode object, Class<T> type) {
        try {
            return mapper.treeToValue(object, type);
        } catch (UnrecognizedPropertyException e) {
            throw GatewayException.invalid("Unknown field '" + e.getPropertyName() + "'. Known fields: "
                    + known(e.getKnownPropertyIds()) + ".", e.getPropertyName());
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw GatewayException.invalid((field == null ? "A field" : "'" + field + "'") + " must be "
                    + expected(e.getTargetType()) + ".", field);
        } catch (JsonMappingException e) {
            String field = path(e);
            throw GatewayException.invalid((field == null ? "The body" : "'" + field + "'") + " is not valid.", field);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalid("The request body is not valid JSON.", null);
        }
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code allowed_tiers.chat[0]}: where in the body the problem is; null for the body itself. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "of another type";
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
