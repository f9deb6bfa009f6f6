package dev.caravan.admin;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** What every admin HTTP adapter does with a request body and a JSON reply. */
final class AdminHttp {

    private static final String JSON = "application/json";

    private AdminHttp() {
    }

    /**
     * The request body, once it is declared JSON (or not declared) and within {@code maxBytes}.
     *
     * @throws GatewayException 415 or 413
     */
    static byte[] body(Exchange exchange, long maxBytes) {
        Message message = exchange.getMessage();
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null && !contentType.isBlank() && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "Send the request body as application/json (got " + contentType.split(";")[0].strip() + ").");
        }
        byte[] body = message.getBody(byte[].class);
        if (body != null && body.length > maxBytes) {
            throw new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE,
                    "The request body exceeds the limit of " + maxBytes + " bytes.");
        }
        return body;
    }

    /**
     * A JSON reply with {@code status}, starting from an empty header set: platform-http would
     * otherwise echo the request's headers (the admin key included) back to the caller.
     */
    static void reply(Exchange exchange, int status, byte[] json) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, JSON);
        message.setBody(json);
    }

    /** A list as in OpenAI's API: {@code {"object": "list", "data": [...]}}. */
    static Map<String, Object> list(List<?> data) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        return list;
    }
}
