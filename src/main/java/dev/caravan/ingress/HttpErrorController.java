package dev.caravan.ingress;

import dev.caravan.api.OpenAiResponses;
import dev.caravan.gateway.ErrorKind;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever the servlet container itself rejects (unknown path, wrong method, unreadable body)
 * is answered in OpenAI's error format too, never with an HTML page or a stack trace.
 */
@RestController
class HttpErrorController implements ErrorController {

    private final OpenAiResponses render;

    HttpErrorController(OpenAiResponses render) {
        this.render = render;
    }

    @RequestMapping("/error")
    ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        ErrorKind kind = switch (status) {
            case 404 -> ErrorKind.NOT_FOUND;
            case 405 -> ErrorKind.METHOD_NOT_ALLOWED;
            case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorKind.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 400 && status < 500 ? ErrorKind.INVALID_REQUEST : ErrorKind.INTERNAL;
        };
        String message = switch (kind) {
            case NOT_FOUND -> "No such endpoint. The OpenAI-compatible API is under /v1.";
            case METHOD_NOT_ALLOWED -> "This endpoint does not accept that HTTP method.";
            case PAYLOAD_TOO_LARGE -> "The request body is too large.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the request body as application/json.";
            case INTERNAL -> "The gateway failed to process the request.";
            default -> "The request could not be processed.";
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(render.error(kind, message, null));
    }
}
