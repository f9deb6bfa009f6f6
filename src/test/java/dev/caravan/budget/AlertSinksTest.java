package dev.caravan.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The alert sinks that do I/O: the asynchronous hand-off, the webhook, and their configuration. */
class AlertSinksTest {

    static final BudgetAlert ALERT = new BudgetAlert(
            new Budget(BudgetScope.TENANT, "acme", BudgetPeriod.MONTH, new BudgetLimit(null, 500_000_000L, true)),
            LocalDate.parse("2026-01-01"), 80, BudgetDimension.COST, 400_000_000L, 500_000_000L,
            Instant.parse("2026-01-20T10:15:30Z"));

    final ObjectMapper json = new ObjectMapper();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HttpServer server;
    AsyncAlertSink async;

    @AfterEach
    void tearDown() {
        if (async != null) {
            async.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    double deliveries(String sink, String outcome) {
        var counter = registry.find("caravan.budget.alert.deliveries").tag("sink", sink).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** A local HTTP server on a free port answering {@code status} on every path; bodies go to {@code received}. */
    URI webhook(String path, int status, BlockingQueue<String> received, CountDownLatch hold) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (hold != null) {
                    hold.await(10, TimeUnit.SECONDS);
                }
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void should_post_the_alert_as_json_to_the_webhook_when_one_is_configured() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        URI url = webhook("/hooks/T000/secret-token?sig=abc", 204, received, null);
        async = new AsyncAlertSink("webhook", new WebhookAlertSink(url, Duration.ofSeconds(5), json), 10, registry);

        async.alert(ALERT);

        String request = received.poll(10, TimeUnit.SECONDS);
        assertThat(request).startsWith("POST /hooks/T000/secret-token?sig=abc application/json\n");
        JsonNode body = json.readTree(request.substring(request.indexOf('\n') + 1));
        assertThat(body.path("type").asText()).isEqualTo("budget_alert");
        assertThat(body.path("scope").asText()).isEqualTo("tenant");
        assertThat(body.path("name").asText()).isEqualTo("acme");
        assertThat(body.path("period").asText()).isEqualTo("month");
        assertThat(body.path("period_start").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(body.path("period_end").asText()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(body.path("threshold_percent").asInt()).isEqualTo(80);
        assertThat(body.path("dimension").asText()).isEqualTo("cost");
        assertThat(body.path("used").asLong()).isEqualTo(400_000_000L);
        assertThat(body.path("limit").asLong()).isEqualTo(500_000_000L);
        assertThat(body.path("soft").asBoolean()).isTrue();
        assertThat(body.path("raised_at").asText()).isEqualTo("2026-01-20T10:15:30Z");
        assertThat(body.path("message").asText()).isEqualTo(ALERT.describe());
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries("webhook", "sent") == 1);
    }

    @Test
    void should_fail_without_repeating_the_url_when_the_webhook_answers_an_error_or_cannot_be_reached()
            throws Exception {
        URI url = webhook("/hooks/secret-token?sig=abc", 500, new LinkedBlockingQueue<>(), null);
        WebhookAlertSink failing = new WebhookAlertSink(url, Duration.ofSeconds(5), json);

        assertThatThrownBy(() -> failing.alert(ALERT)).hasMessageContaining("HTTP 500")
                .hasMessageNotContaining("secret-token").hasMessageNotContaining("sig=");

        server.stop(0);
        server = null;
        assertThatThrownBy(() -> failing.alert(ALERT)).hasMessageContaining("unreachable")
                .hasMessageNotContaining("secret-token").hasMessageNotContaining("sig=");
    }

    @Test
    void should_give_up_after_the_timeout_when_the_webhook_does_not_answer() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        URI url = webhook("/slow", 200, new LinkedBlockingQueue<>(), hold);
        WebhookAlertSink slow = new WebhookAlertSink(url, Duration.ofMillis(300), json);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> slow.alert(ALERT)).hasMessageContaining("HttpTimeoutException");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            hold.countDown();
        }
    }

    @Test
    void should_return_at_once_and_drop_beyond_capacity_when_the_delivery_blocks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<BudgetAlert> delivered = new CopyOnWriteArrayList<>();
        async = new AsyncAlertSink("test", alert -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(alert);
        }, 1, registry);

        async.alert(ALERT);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        async.alert(ALERT); // waits in the queue
        async.alert(ALERT); // queue full: dropped, not blocking, not thrown
        assertThat(delivered).isEmpty();
        assertThat(deliveries("test", "dropped")).isEqualTo(1);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries("test", "sent") == 2);
    }

    @Test
    void should_never_throw_into_the_caller_when_the_delivery_throws() {
        async = new AsyncAlertSink("broken", alert -> {
            throw new IllegalStateException("broker down");
        }, 10, registry);

        async.alert(ALERT);
        async.alert(ALERT);

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries("broken", "failed") == 2);
    }

    @Test
    void should_show_only_scheme_host_and_port_when_masking_a_webhook_url() {
        assertThat(WebhookAlertSink.masked(URI.create("https://user:pw@hooks.example.com:8443/services/T0/B0/XYZ?t=1")))
                .isEqualTo("https://hooks.example.com:8443/…");
        assertThat(WebhookAlertSink.masked(URI.create("http://alerts.internal/"))).isEqualTo("http://alerts.internal/");
        assertThat(WebhookAlertSink.masked(URI.create("http://alerts.internal?token=x")))
                .isEqualTo("http://alerts.internal/…");
    }

    @Test
    void should_refuse_a_webhook_url_that_is_not_absolute_http_without_repeating_it() {
        assertThatThrownBy(() -> new AlertProperties(null, null, "ftp://secret@files.example.com/x", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhook-url")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> new AlertProperties(null, null, "hooks/relative", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertProperties(null, null, null, Duration.ZERO, null))
                .hasMessageContaining("webhook-timeout");
    }

    @Test
    void should_publish_to_caravan_alerts_with_no_webhook_when_nothing_is_configured() {
        AlertProperties defaults = AlertProperties.defaults();

        assertThat(defaults.jmsEnabled()).isTrue();
        assertThat(defaults.jmsTopic()).isEqualTo("caravan.alerts");
        assertThat(defaults.webhook()).isNull();
        assertThat(new AlertProperties(null, null, " ", null, null).webhook()).isNull();
        assertThat(new AlertProperties(null, null, "https://u:p@h.example.com/x?k=v", null, null).toString())
                .doesNotContain("u:p").doesNotContain("k=v");
    }
}
