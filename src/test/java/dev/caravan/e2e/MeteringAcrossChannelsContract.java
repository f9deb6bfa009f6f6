package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.metering.MeteringRecorder;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * N requests over the three channels leave exactly N usage records, each with the tokens the
 * caller was told and the cost from the model's price table. Run against each metering store.
 */
abstract class MeteringAcrossChannelsContract {

    static final int PER_CHANNEL = 3;

    @LocalServerPort
    int port;
    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    ConnectionFactory connectionFactory;
    @Value("${caravan.ingress.file.inbox}")
    Path inbox;
    @Value("${caravan.ingress.file.outbox}")
    Path outbox;

    /** price per 1M tokens in micro-dollars, as configured in application.yaml */
    static final Map<String, long[]> PRICES = Map.of(
            "sim-small", new long[] {100_000, 400_000},
            "sim-medium", new long[] {500_000, 1_500_000},
            "sim-large", new long[] {3_000_000, 12_000_000});

    @Test
    void should_leave_exactly_one_record_per_request_with_tokens_and_cost_when_using_all_channels() throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < PER_CHANNEL; i++) {
            String body = "{\"model\":\"sim-large\",\"messages\":[{\"role\":\"user\",\"content\":\"rest request " + i + "\"}]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            answers.add(json.readTree(response.body()));
        }
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(15_000);
        for (int i = 0; i < PER_CHANNEL; i++) {
            String body = "{\"model\":\"sim-medium\",\"messages\":[{\"role\":\"user\",\"content\":\"jms request " + i + "\"}]}";
            Message reply = jms.sendAndReceive("caravan.requests", session -> session.createTextMessage(body));
            answers.add(json.readTree(((TextMessage) reply).getText()));
        }
        Files.createDirectories(inbox);
        for (int i = 0; i < PER_CHANNEL; i++) {
            String name = "metered-" + UUID.randomUUID() + ".json";
            String body = "{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"file request " + i + "\"}]}";
            Files.move(Files.writeString(inbox.resolve("." + name), body), inbox.resolve(name));
            Path answer = outbox.resolve(name + ".json");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(answer));
            answers.add(json.readTree(answer.toFile()));
        }

        List<String> ids = answers.stream().map(a -> a.path("caravan").path("request_id").asText()).toList();
        assertThat(ids).doesNotContain("").doesNotHaveDuplicates().hasSize(3 * PER_CHANNEL);
        String idList = String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            recorder.flush();
            return jdbc.queryForObject("select count(distinct request_id) from usage_records where request_id in (" + idList + ")",
                    Long.class) == ids.size();
        });
        for (JsonNode answer : answers) {
            String id = answer.path("caravan").path("request_id").asText();
            List<Map<String, Object>> rows = jdbc.queryForList("select * from usage_records where request_id = ?", id);
            assertThat(rows).as("records for " + id).hasSize(1);
            Map<String, Object> row = lowerCaseKeys(rows.get(0));
            long in = answer.path("usage").path("prompt_tokens").asLong();
            long out = answer.path("usage").path("completion_tokens").asLong();
            String model = answer.path("model").asText();
            assertThat(row.get("model")).isEqualTo(model);
            assertThat(((Number) row.get("input_tokens")).longValue()).isEqualTo(in).isPositive();
            assertThat(((Number) row.get("output_tokens")).longValue()).isEqualTo(out).isPositive();
            long[] price = PRICES.get(model);
            long expectedCost = Math.round((in * (double) price[0] + out * (double) price[1]) / 1_000_000);
            assertThat(((Number) row.get("cost_micros")).longValue()).isEqualTo(expectedCost);
            assertThat(answer.path("caravan").path("cost_usd").asText()).isEqualTo(java.math.BigDecimal.valueOf(expectedCost, 6).toPlainString());
        }
        assertThat(jdbc.queryForList("select channel, count(*) as n from usage_records where request_id in ("
                + idList + ") group by channel"))
                .extracting(r -> lowerCaseKeys(r).get("channel") + "=" + ((Number) lowerCaseKeys(r).get("n")).intValue())
                .containsExactlyInAnyOrder("rest=" + PER_CHANNEL, "jms=" + PER_CHANNEL, "file=" + PER_CHANNEL);
    }

    private static Map<String, Object> lowerCaseKeys(Map<String, Object> row) {
        Map<String, Object> lower = new java.util.HashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }
}
