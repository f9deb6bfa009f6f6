package dev.caravan.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.caravan.gateway.GatewayException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The HTTP side of the admin API for models, providers, policy and routing
 * (admin-models.camel.yaml): reads the JSON body, path and query parameters, calls the services
 * and writes the JSON reply. Every reply starts from an empty header set (platform-http would
 * otherwise echo the request's headers). Field names are snake_case.
 */
public class ModelAdminHttp {

    /** An admin body is a few hundred bytes; this leaves room for a large policy rule set. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final ModelAdmin models;
    private final ProviderAdmin providers;
    private final PolicyAdmin policy;
    private final RoutingAdmin routing;
    private final ObjectMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public ModelAdminHttp(ModelAdmin models, ProviderAdmin providers, PolicyAdmin policy, RoutingAdmin routing) {
        this.models = models;
        this.providers = providers;
        this.policy = policy;
        this.routing = routing;
    }

    // ---------------------------------------------------------------- models

    public void listModels(Exchange exchange) {
        reply(exchange, 200, Map.of("models", models.list()));
    }

    public void getModel(Exchange exchange) {
        reply(exchange, 200, models.get(path(exchange, "id")));
    }

    public void patchModel(Exchange exchange) {
        reply(exchange, 200, models.patch(path(exchange, "id"), body(exchange)));
    }

    // ---------------------------------------------------------------- providers

    public void listProviders(Exchange exchange) {
        reply(exchange, 200, Map.of("providers", providers.list()));
    }

    public void putProviderKey(Exchange exchange) {
        reply(exchange, 200, providers.setKey(path(exchange, "id"), body(exchange)));
    }

    public void deleteProviderKey(Exchange exchange) {
        reply(exchange, 200, providers.deleteKey(path(exchange, "id")));
    }

    public void testProvider(Exchange exchange) {
        reply(exchange, 200, providers.test(path(exchange, "id")));
    }

    // ---------------------------------------------------------------- routing

    public void getDefaultStrategy(Exchange exchange) {
        reply(exchange, 200, routing.defaultStrategy());
    }

    public void putDefaultStrategy(Exchange exchange) {
        reply(exchange, 200, routing.setDefaultStrategy(body(exchange)));
    }

    public void listOverrides(Exchange exchange) {
        reply(exchange, 200, Map.of("overrides", routing.overrides()));
    }

    public void putOverride(Exchange exchange) {
        reply(exchange, 200, routing.putOverride(body(exchange)));
    }

    public void deleteOverride(Exchange exchange) {
        Map<String, String> query = query(exchange);
        routing.deleteOverride(query.get("tenant"), query.get("service"));
        reply(exchange, 200, Map.of("deleted", true));
    }

    // ---------------------------------------------------------------- policy

    public void getPolicy(Exchange exchange) {
        Map<String, String> query = query(exchange);
        reply(exchange, 200, policy.get(query.get("tenant"), query.get("task")));
    }

    public void putPolicy(Exchange exchange) {
        reply(exchange, 200, policy.put(body(exchange)));
    }

    // ---------------------------------------------------------------- plumbing

    private static String path(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    /** The query string's parameters (first value of each), decoded; read from the raw query, not from headers. */
    static Map<String, String> query(Exchange exchange) {
        String raw = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isBlank()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("The query string is not properly encoded.", null);
        }
    }

    private JsonNode body(Exchange exchange) {
        byte[] body = AdminHttp.body(exchange, MAX_BODY_BYTES);
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("The request body is empty; expected a JSON object.", null);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            // the parser's message may quote the body (an API key): only where it broke
            var at = e.getLocation();
            throw GatewayException.invalid("The request body is not valid JSON" + (at == null ? "."
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")."), null);
        } catch (IOException e) {
            throw GatewayException.invalid("The request body could not be read.", null);
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.invalid("The request body must be a JSON object.", null);
        }
        return root;
    }

    private void reply(Exchange exchange, int status, Object value) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the admin reply", e);
        }
        AdminHttp.reply(exchange, status, bytes);
    }
}
