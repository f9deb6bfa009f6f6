package dev.caravan.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Plain HTTP calls against the gateway under test, for end-to-end tests that need raw status and headers. */
abstract class GatewayHttp {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    /** {@code Bearer <the test profile's admin key>}, for the operator endpoints. */
    @Value("Bearer ${caravan.identity.admin-key}")
    String adminAuthorization;

    HttpResponse<String> adminGet(String path) throws Exception {
        return get(path, "Authorization", adminAuthorization);
    }

    HttpResponse<String> adminPost(String path, String body) throws Exception {
        return post(path, body, "Authorization", adminAuthorization);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, null, null);
    }

    HttpResponse<String> post(String path, String body, String header, String value) throws Exception {
        return header == null ? post(path, body, new String[0]) : post(path, body, new String[] {header, value});
    }

    /** {@code headers}: name, value, name, value, … */
    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code headers}: name, value, name, value, … */
    HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
