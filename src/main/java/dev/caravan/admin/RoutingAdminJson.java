package dev.caravan.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.gateway.GatewayException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Reading the admin API's JSON bodies with clear 400s: unknown fields are refused (a typo must not
 * be silently ignored), and a field may be absent (no change), {@code null} (back to the
 * configured value) or a value. The tri-state is an {@code Optional} that may itself be null:
 * null = absent, empty = JSON null, present = the value.
 */
final class RoutingAdminJson {

    private RoutingAdminJson() {
    }

    /** Refuses fields not in {@code allowed}, naming the first. */
    static void onlyFields(JsonNode body, Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw GatewayException.invalid("Unknown field '" + clip(name) + "'; expected any of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ".", clip(name));
            }
        }
    }

    /** A string field: absent, null, or a non-blank string of at most {@code max} characters. */
    @SuppressWarnings("OptionalAssignedToNull")
    static Optional<String> text(JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw GatewayException.invalid("'" + field + "' must be a non-empty string or null.", field);
        }
        String value = node.asText().strip();
        if (value.length() > max) {
            throw GatewayException.invalid("'" + field + "' must be at most " + max + " characters.", field);
        }
        return Optional.of(value);
    }

    /** A whole number field within {@code [min, max]}: absent, null, or the number. */
    @SuppressWarnings("OptionalAssignedToNull")
    static Optional<Long> number(JsonNode body, String field, long min, long max) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw GatewayException.invalid("'" + field + "' must be a whole number or null.", field);
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw GatewayException.invalid("'" + field + "' must be between " + min + " and " + max + ".", field);
        }
        return Optional.of(value);
    }

    /** A boolean field: absent, null, or true/false. */
    @SuppressWarnings("OptionalAssignedToNull")
    static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw GatewayException.invalid("'" + field + "' must be true, false or null.", field);
        }
        return Optional.of(node.booleanValue());
    }

    /** Caller text in a message: short, printable ASCII only. */
    static String clip(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < 40; i++) {
            char c = value.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
