package dev.caravan.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.GatewayTest;
import dev.caravan.e2e.UsageRecords;
import dev.caravan.metering.MeteringRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/** File drops: outbox answers, the error folder with its reason file, and no double processing. */
@GatewayTest
class FileIngressTest {

    @Value("${caravan.ingress.file.inbox}")
    Path inbox;
    @Value("${caravan.ingress.file.outbox}")
    Path outbox;
    @Value("${caravan.ingress.file.done}")
    Path done;
    @Value("${caravan.ingress.file.error}")
    Path error;
    @Autowired
    ObjectMapper json;
    @Autowired
    MeteringRecorder recorder;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;

    UsageRecords usage;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(inbox);
        usage = new UsageRecords(recorder, jdbc);
    }

    @Test
    void should_answer_text_prompt_in_outbox_and_move_original_to_done() throws Exception {
        String name = unique("prompt", "txt");

        drop(name, "Summarise the walking skeleton in one line.");

        JsonNode answer = awaitJson(outbox.resolve(name + ".json"));
        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.path("source_file").asText()).isEqualTo(name);
        assertThat(answer.path("caravan").path("model").asText()).isNotBlank();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve(name)));
        assertThat(inbox.resolve(name)).doesNotExist();
        var record = usage.one(answer.path("caravan").path("request_id").asText());
        assertThat(record.get("CHANNEL")).isEqualTo("file");
        assertThat(record.get("MODEL_REQUESTED")).isEqualTo("auto");
    }

    @Test
    void should_take_the_task_from_the_inbox_sub_folder_and_answer_beside_it() throws Exception {
        String name = unique("task", "txt");
        Files.createDirectories(inbox.resolve("flashcards"));

        drop("flashcards/" + name, "Make one flashcard about mitochondria.");

        JsonNode answer = awaitJson(outbox.resolve("flashcards").resolve(name + ".json"));
        assertThat(answer.path("source_file").asText()).isEqualTo("flashcards/" + name);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve("flashcards").resolve(name)));
        var record = usage.one(answer.path("caravan").path("request_id").asText());
        assertThat(record.get("TASK")).isEqualTo("flashcards");
    }

    @Test
    void should_answer_json_chat_request_with_its_model() throws Exception {
        String name = unique("chat", "json");

        drop(name, "{\"model\":\"sim-medium\",\"messages\":[{\"role\":\"user\",\"content\":\"hi from a file\"}]}");

        JsonNode answer = awaitJson(outbox.resolve(name + ".json"));
        assertThat(answer.path("model").asText()).isEqualTo("sim-medium");
    }

    @Test
    void should_move_failed_file_to_error_folder_with_reason_file() throws Exception {
        String name = unique("broken", "json");

        drop(name, "{\"model\": \"sim-small\", \"messages\": ");

        JsonNode reason = awaitJson(error.resolve(name + ".error.json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(error.resolve(name)));
        assertThat(reason.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(reason.path("error").path("message").asText()).contains("not valid JSON");
        assertThat(reason.path("source_file").asText()).isEqualTo(name);
        assertThat(outbox.resolve(name + ".json")).doesNotExist();
        assertThat(usage.one(reason.path("request_id").asText()).get("STATUS")).isEqualTo("rejected");
    }

    @Test
    void should_reject_unknown_file_type_with_reason() throws Exception {
        String name = unique("scan", "pdf");

        drop(name, "%PDF-1.4 not really");

        JsonNode reason = awaitJson(error.resolve(name + ".error.json"));
        assertThat(reason.path("error").path("message").asText()).contains(".pdf");
    }

    @Test
    void should_ignore_partial_upload_until_renamed() throws Exception {
        String name = unique("upload", "txt");
        Path partial = inbox.resolve(name + ".part");
        Files.writeString(partial, "A prompt uploaded in two steps");
        String control = unique("control", "txt");

        drop(control, "processed while the partial upload waits");
        awaitJson(outbox.resolve(control + ".json"));
        assertThat(partial).exists();
        assertThat(outbox.resolve(name + ".part.json")).doesNotExist();

        Files.move(partial, inbox.resolve(name));
        awaitJson(outbox.resolve(name + ".json"));
    }

    @Test
    void should_not_answer_twice_when_answered_file_is_seen_again_after_a_crash() throws Exception {
        String name = unique("again", "txt");
        String content = "Answered just before the gateway crashed";
        Instant modified = Instant.parse("2026-01-02T03:04:05Z");
        String requestId = FileIngress.fileRequestId(name, (long) content.length(), modified.toEpochMilli());
        String previousAnswer = "{\"object\":\"chat.completion\",\"caravan\":{\"request_id\":\"" + requestId + "\"}}";
        Files.createDirectories(outbox);
        Files.writeString(outbox.resolve(name + ".json"), previousAnswer);

        Path staged = Files.writeString(inbox.resolve("." + name), content);
        Files.setLastModifiedTime(staged, FileTime.from(modified));
        Files.move(staged, inbox.resolve(name));

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve(name)));
        assertThat(Files.readString(outbox.resolve(name + ".json"))).isEqualTo(previousAnswer);
        recorder.flush();
        assertThat(jdbc.queryForObject("select count(*) from usage_records where request_id = ?", Long.class, requestId)).isZero();
    }

    @Test
    void should_process_files_dropped_while_ingress_was_stopped_exactly_once() throws Exception {
        String name = unique("queued", "txt");
        camel.getRouteController().stopRoute("ingress-file");
        try {
            drop(name, "Dropped while the file ingress was down");
            assertThat(inbox.resolve(name)).exists();
        } finally {
            camel.getRouteController().startRoute("ingress-file");
        }

        JsonNode answer = awaitJson(outbox.resolve(name + ".json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve(name)));
        usage.one(answer.path("caravan").path("request_id").asText());
    }

    /** Writes under a dot-name first (ignored by the consumer) and renames, as a careful uploader would. */
    private void drop(String name, String content) throws Exception {
        Path target = inbox.resolve(name);
        Path staged = Files.writeString(target.resolveSibling("." + target.getFileName()), content);
        Files.move(staged, target);
    }

    private JsonNode awaitJson(Path file) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));
        return json.readTree(file.toFile());
    }

    private static String unique(String prefix, String extension) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "." + extension;
    }
}
