package dev.caravan.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert as JSON ({@link AlertPayload}) to a webhook ({@code
 * caravan.budgets.alerts.webhook-url}, {@code CARAVAN_ALERT_WEBHOOK_URL}), with a short connect
 * and request timeout. Blocks for at most that long: run it through an {@link AsyncAlertSink}.
 *
 * <p>Webhook URLs often carry their secret (credentials, a token in the query, or the path itself
 * as with Slack's), so logs show only {@link #masked(URI)}: scheme, host and port.
 */
public class WebhookAlertSink implements AlertSink {

    private static final Logger log = LoggerFactory.getLogger(WebhookAlertSink.class);

    private final URI url;
    private final String masked;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public WebhookAlertSink(URI url, Duration timeout, ObjectMapper json) {
        this.url = check(url);
        this.masked = masked(url);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.json = Objects.requireNonNull(json, "json");
        // no redirects: a redirect could carry the alert (and the URL's secret) elsewhere
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void alert(BudgetAlert alert) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "caravan-budget-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(write(AlertPayload.of(alert))))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("webhook " + masked + " answered HTTP " + response.statusCode());
            }
            log.debug("Budget alert sent to webhook {}", masked);
        } catch (IOException e) {
            // the exception's message may repeat the URL: only its type goes out
            throw new IllegalStateException("webhook " + masked + " unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling webhook " + masked);
        }
    }

    /** The URL as logs may show it: {@code https://hooks.example.com:8443/…}, no credentials, path or query. */
    public static String masked(URI url) {
        StringBuilder shown = new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() != -1) {
            shown.append(':').append(url.getPort());
        }
        boolean more = url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null
                || url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/");
        return shown.append(more ? "/…" : "/").toString();
    }

    /** An absolute http(s) URL with a host. */
    public static URI check(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("caravan.budgets.alerts.webhook-url must be an absolute http(s) URL"
                    + " with a host");
        }
        return url;
    }

    private String write(AlertPayload payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("budget alert cannot be written as JSON", e);
        }
    }
}
