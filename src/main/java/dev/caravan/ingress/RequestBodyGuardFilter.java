package dev.caravan.ingress;

import dev.caravan.api.OpenAiResponses;
import dev.caravan.config.CaravanProperties;
import dev.caravan.gateway.ErrorKind;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads it, a body whose declared length is over the limit, and a
 * form-encoded or multipart body on the API (platform-http would try to parse it as form
 * fields and fail with an empty 500). Bodies sent without a length (chunked) are checked
 * again once read, by the ingress.
 */
@Component
class RequestBodyGuardFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final OpenAiResponses render;

    RequestBodyGuardFilter(CaravanProperties properties, OpenAiResponses render) {
        this.maxBytes = properties.maxRequestSize().toBytes();
        this.render = render;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            reject(response, ErrorKind.PAYLOAD_TOO_LARGE, "The request body exceeds the limit of " + maxBytes + " bytes.");
            return;
        }
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (request.getRequestURI().startsWith("/v1/")
                && (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/"))) {
            reject(response, ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "Send the request body as application/json (got " + contentType.split(";")[0] + ").");
            return;
        }
        chain.doFilter(request, response);
    }

    private void reject(HttpServletResponse response, ErrorKind kind, String message) throws IOException {
        response.setStatus(kind.status());
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        response.getOutputStream().write(render.error(kind, message, null));
    }
}
