package dev.caravan.deadletter;

import dev.caravan.classify.Classification;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import dev.caravan.classify.Sensitivity;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Requests, classifications, keys and a clock for the dead-letter tests. */
final class TestLetters {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");
    static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String PASSWORD = "hunter2-Sup3r-secret";
    static final String EMAIL = "bob.smith@example.com";

    private TestLetters() {
    }

    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A chat request with every field set. */
    static GatewayRequest chat(String requestId, Channel channel, String... contents) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(new ChatMessage(ChatMessage.Role.SYSTEM, "You are terse.", null));
        for (int i = 0; i < contents.length; i++) {
            messages.add(new ChatMessage(i % 2 == 0 ? ChatMessage.Role.USER : ChatMessage.Role.ASSISTANT,
                    contents[i], i == 0 ? "alice" : null));
        }
        ChatRequest payload = new ChatRequest(messages, 0.7, 0.95, 256, List.of("END", "\n\n"), 42L, 0.1, -0.2,
                "json_object", "end-user-7", true, true);
        return new GatewayRequest(requestId, channel, new Caller("acme", "alice", "billing", "vk_1"), "flashcards",
                "auto", payload, new RequestOptions("cost", "simulator", "sim-small"), T0);
    }

    static GatewayRequest embedding(String requestId, String... inputs) {
        return new GatewayRequest(requestId, Channel.REST, Caller.anonymous(), null, "minilm",
                new EmbeddingRequest(List.of(inputs)), null, T0);
    }

    /** The secret-bearing request used by the masking tests: message 1 holds a key, an e-mail and a password. */
    static GatewayRequest secretChat(String requestId) {
        return chat(requestId, Channel.JMS, "my key is " + AWS_KEY + ", mail " + EMAIL + ", password=" + PASSWORD,
                "Noted.", "again: " + AWS_KEY);
    }

    /** Its classification by hand, findings at the offsets where the values are. */
    static Classification secretClassification(GatewayRequest request) {
        List<String> texts = request.texts();
        return new Classification(Sensitivity.RESTRICTED, List.of(
                finding(FindingType.AWS_ACCESS_KEY, texts, 1, AWS_KEY),
                finding(FindingType.EMAIL, texts, 1, EMAIL),
                finding(FindingType.PASSWORD, texts, 1, PASSWORD),
                finding(FindingType.AWS_ACCESS_KEY, texts, 3, AWS_KEY)));
    }

    static Finding finding(FindingType type, List<String> texts, int message, String value) {
        int start = texts.get(message).indexOf(value);
        if (start < 0) {
            throw new IllegalArgumentException(value + " not in message " + message);
        }
        return new Finding(type, message, start, start + value.length(), "test", 1.0);
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
