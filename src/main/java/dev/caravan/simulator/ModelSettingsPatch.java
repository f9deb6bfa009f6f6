package dev.caravan.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code POST /simulator/admin/models/{id}}: any of a model's fields, in camelCase,
 * kebab-case or snake_case ({@code latencyMs}, {@code latency-ms}, {@code latency_ms}). A field left
 * out keeps its current value; {@code "errorRate": null} makes the error rate automatic again.
 */
final class ModelSettingsPatch {

    private ModelSettingsPatch() {
    }

    /**
     * The model after the patch.
     *
     * @throws SimulatorApiException 400 for an unknown field or a bad value
     */
    static SimulatedModel apply(JsonNode patch, SimulatedModel current) {
        Long latencyMs = current.latencyMs();
        Integer tokensPerSecond = current.tokensPerSecond();
        Failure failure = current.failure();
        Double errorRate = current.errorRate();
        Integer retryAfterSeconds = current.retryAfterSeconds();
        Long hangMs = current.hangMs();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT)) {
                case "latencyms" -> latencyMs = nonNegativeLong(name, value);
                case "tokenspersecond" -> tokensPerSecond = Math.toIntExact(nonNegativeInt(name, value));
                case "failure" -> failure = failure(name, value);
                case "errorrate" -> errorRate = rate(name, value);
                case "retryafterseconds" -> retryAfterSeconds = Math.toIntExact(nonNegativeInt(name, value));
                case "hangms" -> hangMs = nonNegativeLong(name, value);
                default -> throw SimulatorApiException.badRequest("unknown setting '" + name
                        + "' (known: latencyMs, tokensPerSecond, failure, errorRate, retryAfterSeconds, hangMs)",
                        name, "unknown_parameter");
            }
        }
        return new SimulatedModel(latencyMs, tokensPerSecond, failure, errorRate, retryAfterSeconds, hangMs);
    }

    private static long nonNegativeLong(String name, JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw invalid(name, "a non-negative integer");
        }
        return value.asLong();
    }

    private static long nonNegativeInt(String name, JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
            throw invalid(name, "a non-negative integer");
        }
        return value.asInt();
    }

    private static Double rate(String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < 0.0 || value.asDouble() > 1.0) {
            throw invalid(name, "a number between 0.0 and 1.0, or null");
        }
        return value.asDouble();
    }

    private static Failure failure(String name, JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw invalid(name, "one of none, error, rate-limit, timeout");
        }
        try {
            return Failure.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw invalid(name, "one of none, error, rate-limit, timeout");
        }
    }

    private static SimulatorApiException invalid(String name, String expected) {
        return SimulatorApiException.badRequest("'" + name + "' must be " + expected, name, "invalid_value");
    }
}
