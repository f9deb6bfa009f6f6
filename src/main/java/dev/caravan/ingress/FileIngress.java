package dev.caravan.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.OpenAiRequestParser;
import dev.caravan.api.OpenAiResponses;
import dev.caravan.identity.Gatekeeper;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.RequestOptions;
import dev.caravan.pipeline.Failures;
import dev.caravan.pipeline.RequestStart;
import dev.caravan.pipeline.Vars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * File drops: {@code .txt}/{@code .md} is the user prompt, {@code .json} a chat request. The
 * request id is derived from the file's name, size and modification time, so a file that is
 * seen again after a crash (answered but not yet moved) is recognised and not answered twice.
 */
@Component("fileIngress")
public class FileIngress {

    static final String DUPLICATE = "duplicate";
    /** The service name drops are metered under. */
    static final String SERVICE = "file-drop";

    private final Gatekeeper gatekeeper;
    private final String tenant;

    private final OpenAiRequestParser parser;
    private final OpenAiResponses render;
    private final ObjectMapper json;
    private final String defaultModel;
    private final Path outbox;

    public FileIngress(OpenAiRequestParser parser, OpenAiResponses render, ObjectMapper json, Gatekeeper gatekeeper,
                       @Value("${caravan.ingress.file.model}") String defaultModel,
                       @Value("${caravan.ingress.file.outbox}") String outbox,
                       @Value("${caravan.ingress.file.tenant:}") String tenant) {
        this.gatekeeper = gatekeeper;
        this.tenant = tenant;
        this.parser = parser;
        this.render = render;
        this.json = json;
        this.defaultModel = defaultModel;
        this.outbox = Path.of(outbox);
    }

    public void request(Exchange exchange) {
        RequestStart.begin(exchange, Channel.FILE);
        String name = relativeName(exchange);
        String requestId = fileRequestId(name, exchange.getMessage().getHeader(Exchange.FILE_LENGTH, Long.class),
                exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class));
        exchange.setVariable(Vars.REQUEST_ID, requestId);
        if (alreadyAnswered(name, requestId)) {
            exchange.setVariable(DUPLICATE, true);
            return;
        }
        exchange.setVariable(Vars.IDENTITY, gatekeeper.forTenant(tenant, SERVICE));
        byte[] body = exchange.getMessage().getBody(byte[].class);
        String extension = extension(name);
        String folderTask = taskOf(name);
        GatewayRequest request = switch (extension) {
            case "txt", "md" -> promptRequest(requestId, body, folderTask, exchange);
            case "json" -> {
                var root = parser.readObject(body);
                exchange.setVariable(Vars.MODEL_REQUESTED, OpenAiRequestParser.modelOf(root));
                var parsed = parser.parseChat(root);
                yield new GatewayRequest(requestId, Channel.FILE, RequestStart.caller(exchange),
                        folderTask != null ? folderTask : parsed.task(), parsed.model(),
                        parsed.request().withoutStreaming(), parsed.options(), RequestStart.receivedAt(exchange));
            }
            default -> throw GatewayException.invalid(
                    "Files of type '." + extension + "' are not understood; drop .txt, .md or .json files.", null);
        };
        exchange.setVariable(Vars.REQUEST, request);
    }

    public boolean isDuplicate(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getVariable(DUPLICATE, Boolean.class));
    }

    /** The outbox document: the chat completion plus the file it answers. */
    public void reply(Exchange exchange) throws IOException {
        GatewayResponse response = exchange.getVariable(Vars.RESPONSE, GatewayResponse.class);
        ObjectNode document = (ObjectNode) json.readTree(render.chatCompletion(response));
        String name = relativeName(exchange);
        document.put("source_file", name);
        exchange.getMessage().setBody(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, name + ".json");
    }

    /** The {@code <name>.error.json} that explains a rejected file. */
    public void errorReport(Exchange exchange) throws IOException {
        GatewayException failure = Failures.logged(exchange);
        if (failure == null) {
            failure = new GatewayException(ErrorKind.INTERNAL, "The file could not be processed.");
        }
        String name = relativeName(exchange);
        ObjectNode document = (ObjectNode) json.readTree(render.error(failure));
        document.put("source_file", name);
        document.put("request_id", RequestStart.requestId(exchange));
        document.put("failed_at", Instant.now().toString());
        exchange.getMessage().setBody(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, name + ".error.json");
    }

    private GatewayRequest promptRequest(String requestId, byte[] body, String task, Exchange exchange) {
        String prompt = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (prompt.isEmpty()) {
            throw GatewayException.invalid("The file is empty; it should contain the prompt.", null);
        }
        exchange.setVariable(Vars.MODEL_REQUESTED, defaultModel);
        var chat = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, prompt, null)),
                null, null, null, null, null, null, null, null, null, false, false);
        return new GatewayRequest(requestId, Channel.FILE, RequestStart.caller(exchange), task, defaultModel, chat,
                RequestOptions.NONE, RequestStart.receivedAt(exchange));
    }

    private boolean alreadyAnswered(String name, String requestId) {
        Path answer = outbox.resolve(name + ".json");
        try {
            return Files.isRegularFile(answer)
                    && json.readTree(answer.toFile()).path("caravan").path("request_id").asText("").equals(requestId);
        } catch (IOException e) {
            return false;
        }
    }

    static String fileRequestId(String name, Long length, Long lastModified) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update((name + '\0' + length + '\0' + lastModified).getBytes(StandardCharsets.UTF_8));
            return "file_" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /**
     * The file's path below the inbox ({@code flashcards/cells.txt}): answers and error reports keep
     * it, so that two sub-folders' files of one name never meet in the outbox.
     */
    static String relativeName(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        return name != null ? name.replace('\\', '/') : exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    }

    /** A file in a sub-folder of the inbox is a request of the task the folder is named after. */
    static String taskOf(String relativeName) {
        int slash = relativeName == null ? -1 : relativeName.indexOf('/');
        return slash <= 0 ? null : relativeName.substring(0, slash);
    }

    private static String extension(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
