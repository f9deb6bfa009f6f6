package dev.caravan.deadletter;

import static dev.caravan.deadletter.TestLetters.AWS_KEY;
import static dev.caravan.deadletter.TestLetters.EMAIL;
import static dev.caravan.deadletter.TestLetters.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.classify.Classification;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import dev.caravan.classify.Sensitivity;
import dev.caravan.gateway.Channel;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.GatewayRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DeadLetterCodecTest {

    private final DeadLetterCodec masking = new DeadLetterCodec(DeadLetterProperties.masking(),
            (Function<List<String>, Classification>) null);

    private static DeadLetterCodec encrypting(String key) {
        return new DeadLetterCodec(new DeadLetterProperties(key), (Function<List<String>, Classification>) null);
    }

    // ---------------------------------------------------------------- JSON round trip

    @Test
    void should_restore_every_field_when_a_chat_request_is_encoded_and_decoded() {
        // given
        GatewayRequest request = TestLetters.chat("req_1", Channel.JMS, "Hello", "Hi there", "Bye");

        // when
        DeadLetterCodec.Encoded encoded = masking.encode(request, Classification.PUBLIC);
        GatewayRequest decoded = masking.decode(encoded.format(), encoded.payload(), "req_1");

        // then
        assertThat(encoded.format()).isEqualTo(DeadLetterCodec.MASKED);
        assertThat(encoded.sensitivity()).isEqualTo(Sensitivity.PUBLIC);
        assertThat(decoded).isEqualTo(request);
        assertThat(decoded.receivedAt()).isEqualTo(TestLetters.T0); // nanoseconds kept
    }

    @Test
    void should_restore_an_embedding_request_with_nulls_and_defaults_when_decoded() {
        // given: no caller fields, no task, no options
        GatewayRequest request = TestLetters.embedding("req_2", "first", "", "third");

        // when
        DeadLetterCodec.Encoded encoded = masking.encode(request, Classification.PUBLIC);

        // then
        assertThat(masking.decode(encoded.format(), encoded.payload(), "req_2")).isEqualTo(request);
    }

    @Test
    void should_restore_a_minimal_chat_request_when_optional_fields_are_null() {
        // given
        ChatRequest payload = new ChatRequest(List.of(new ChatMessage(ChatMessage.Role.USER, null, null)), null, null,
                null, null, null, null, null, null, null, false, false);
        GatewayRequest request = new GatewayRequest("req_3", Channel.FILE, null, null, "auto", payload, null, null);

        // when
        GatewayRequest decoded = masking.fromJson(masking.toJson(request));

        // then
        assertThat(decoded).isEqualTo(request);
        assertThat(decoded.caller()).isNull();
    }

    @Test
    void should_write_a_kind_discriminator_and_snake_case_fields_when_serialising() throws Exception {
        // given
        GatewayRequest request = TestLetters.chat("req_4", Channel.REST, "Hello");

        // when
        JsonNode json = new ObjectMapper().readTree(masking.toJson(request));

        // then
        assertThat(json.get("v").asInt()).isEqualTo(1);
        assertThat(json.at("/payload/kind").asText()).isEqualTo("chat");
        assertThat(json.at("/payload/max_tokens").asInt()).isEqualTo(256);
        assertThat(json.at("/payload/messages/1/role").asText()).isEqualTo("user");
        assertThat(json.at("/caller/key_id").asText()).isEqualTo("vk_1");
        assertThat(json.at("/options/prefer_model").asText()).isEqualTo("sim-small");
    }

    @Test
    void should_refuse_as_undecryptable_when_the_payload_is_not_a_request() {
        assertThatThrownBy(() -> masking.decode(DeadLetterCodec.MASKED, "{\"v\":1,\"payload\":{\"kind\":\"x\"}}", "r"))
                .isInstanceOfSatisfying(DeadLetterException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterException.Reason.UNDECRYPTABLE));
        assertThatThrownBy(() -> masking.decode(DeadLetterCodec.MASKED, "not json " + PASSWORD, "r"))
                .isInstanceOf(DeadLetterException.class)
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> masking.decode("rot13", "{}", "r"))
                .isInstanceOf(DeadLetterException.class).hasMessageContaining("unknown format");
    }

    // ---------------------------------------------------------------- masking

    @Test
    void should_mask_every_restricted_value_and_keep_personal_data_when_no_key_is_configured() {
        // given
        GatewayRequest request = TestLetters.secretChat("req_5");
        Classification classification = TestLetters.secretClassification(request);

        // when
        DeadLetterCodec.Encoded encoded = masking.encode(request, classification);

        // then: no restricted value anywhere in the stored text, personal data and the rest kept
        assertThat(encoded.format()).isEqualTo(DeadLetterCodec.MASKED);
        assertThat(encoded.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(encoded.payload()).doesNotContain(AWS_KEY).doesNotContain(PASSWORD).doesNotContain("AKIA")
                .contains(EMAIL).contains("You are terse.").contains("Noted.");
        List<String> texts = masking.decode(encoded.format(), encoded.payload(), "req_5").texts();
        assertThat(texts.get(1)).isEqualTo("my key is [AWS_ACCESS_KEY_1], mail " + EMAIL + ", password=[PASSWORD_1]");
        assertThat(texts.get(3)).isEqualTo("again: [AWS_ACCESS_KEY_1]"); // same value, same placeholder
    }

    @Test
    void should_mask_the_whole_value_when_findings_are_unsorted_and_overlap() {
        // given: the key found twice, overlapping, in reverse order
        GatewayRequest request = TestLetters.chat("req_6", Channel.REST, "x " + AWS_KEY + " y");
        int start = request.texts().get(1).indexOf(AWS_KEY);
        Classification classification = new Classification(Sensitivity.RESTRICTED, List.of(
                new Finding(FindingType.API_KEY, 1, start + 4, start + AWS_KEY.length(), "b", 0.5),
                new Finding(FindingType.AWS_ACCESS_KEY, 1, start, start + 8, "a", 0.9)));

        // when
        DeadLetterCodec.Encoded encoded = masking.encode(request, classification);

        // then
        String text = masking.decode(encoded.format(), encoded.payload(), "req_6").texts().get(1);
        assertThat(text).isEqualTo("x [AWS_ACCESS_KEY_1] y");
        assertThat(encoded.payload()).doesNotContain(AWS_KEY.substring(8));
    }

    @Test
    void should_replace_the_whole_message_when_a_restricted_finding_lies_outside_its_text() {
        // given: a classification of some other text (offsets past the end), no classifier to redo it
        GatewayRequest request = TestLetters.chat("req_7", Channel.REST, "short " + PASSWORD, "fine");
        Classification stale = new Classification(Sensitivity.RESTRICTED,
                List.of(new Finding(FindingType.PASSWORD, 1, 20, 200, "test", 1.0)));

        // when
        DeadLetterCodec.Encoded encoded = masking.encode(request, stale);

        // then
        List<String> texts = masking.decode(encoded.format(), encoded.payload(), "req_7").texts();
        assertThat(texts.get(1)).isEqualTo(DeadLetterCodec.WHOLE_MESSAGE_PLACEHOLDER);
        assertThat(texts.get(2)).isEqualTo("fine");
        assertThat(encoded.payload()).doesNotContain(PASSWORD);
    }

    @Test
    void should_classify_the_request_itself_when_no_classification_is_given() {
        // given: a classifier that finds the password
        AtomicInteger calls = new AtomicInteger();
        DeadLetterCodec codec = new DeadLetterCodec(DeadLetterProperties.masking(), texts -> {
            calls.incrementAndGet();
            List<Finding> found = new ArrayList<>();
            for (int m = 0; m < texts.size(); m++) {
                if (texts.get(m) != null && texts.get(m).contains(PASSWORD)) {
                    found.add(TestLetters.finding(FindingType.PASSWORD, texts, m, PASSWORD));
                }
            }
            return found.isEmpty() ? Classification.PUBLIC : new Classification(Sensitivity.RESTRICTED, found);
        });
        GatewayRequest request = TestLetters.embedding("req_8", "pw " + PASSWORD, "nothing");

        // when
        DeadLetterCodec.Encoded encoded = codec.encode(request, null);

        // then
        assertThat(calls).hasValue(1);
        assertThat(encoded.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(encoded.payload()).doesNotContain(PASSWORD);
        assertThat(codec.decode(encoded.format(), encoded.payload(), "req_8").texts())
                .containsExactly("pw [PASSWORD_1]", "nothing");
    }

    @Test
    void should_mask_restricted_values_in_a_stored_answer_when_no_key_is_configured() {
        // given
        DeadLetterCodec codec = new DeadLetterCodec(DeadLetterProperties.masking(), texts -> new Classification(
                Sensitivity.RESTRICTED, List.of(TestLetters.finding(FindingType.AWS_ACCESS_KEY, texts, 0, AWS_KEY))));

        // when
        DeadLetterCodec.Encoded stored = codec.protect("{\"text\":\"use " + AWS_KEY + "\"}", "dl_1");

        // then
        assertThat(stored.payload()).isEqualTo("{\"text\":\"use [AWS_ACCESS_KEY_1]\"}");
        assertThat(codec.reveal(stored.format(), stored.payload(), "dl_1")).isEqualTo(stored.payload());
    }

    // ---------------------------------------------------------------- encryption

    @Test
    void should_store_no_plaintext_and_decode_exactly_when_a_key_is_configured() {
        // given
        DeadLetterCodec codec = encrypting(TestLetters.newKey());
        GatewayRequest request = TestLetters.secretChat("req_9");

        // when
        DeadLetterCodec.Encoded first = codec.encode(request, TestLetters.secretClassification(request));
        DeadLetterCodec.Encoded second = codec.encode(request, TestLetters.secretClassification(request));

        // then
        assertThat(first.format()).isEqualTo(DeadLetterCodec.AES_GCM);
        assertThat(first.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(first.payload()).doesNotContain(AWS_KEY).doesNotContain(EMAIL).doesNotContain("terse")
                .doesNotContain("flashcards").doesNotContain("req_9");
        assertThat(new String(Base64.getDecoder().decode(first.payload()), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("terse");
        assertThat(second.payload()).isNotEqualTo(first.payload()); // a fresh IV per payload
        assertThat(codec.decode(first.format(), first.payload(), "req_9")).isEqualTo(request); // secrets included
        assertThat(codec.decode(second.format(), second.payload(), "req_9")).isEqualTo(request);
    }

    @Test
    void should_write_iv_then_ciphertext_with_a_128_bit_tag_when_encrypting() {
        // given
        DeadLetterCodec codec = encrypting(TestLetters.newKey());
        GatewayRequest request = TestLetters.embedding("req_10", "abc");

        // when
        byte[] stored = Base64.getDecoder().decode(codec.encode(request, Classification.PUBLIC).payload());

        // then: 12-byte IV + plaintext length + 16-byte tag (GCM adds no padding)
        int plaintext = codec.toJson(request).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(stored).hasSize(12 + plaintext + 16);
    }

    @Test
    void should_fail_clearly_when_decrypting_with_another_key() {
        // given
        DeadLetterCodec.Encoded encoded = encrypting(TestLetters.newKey())
                .encode(TestLetters.secretChat("req_11"), null);

        // when / then
        assertThatThrownBy(() -> encrypting(TestLetters.newKey()).decode(encoded.format(), encoded.payload(), "req_11"))
                .isInstanceOfSatisfying(DeadLetterException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DeadLetterException.Reason.UNDECRYPTABLE);
                    assertThat(e.status()).isEqualTo(422);
                })
                .hasMessageContaining("CARAVAN_DLQ_KEY").hasMessageContaining("not the one");
    }

    @Test
    void should_fail_clearly_when_no_key_is_configured_for_an_encrypted_payload() {
        // given
        DeadLetterCodec.Encoded encoded = encrypting(TestLetters.newKey())
                .encode(TestLetters.secretChat("req_12"), null);

        // when / then
        assertThatThrownBy(() -> masking.decode(encoded.format(), encoded.payload(), "req_12"))
                .isInstanceOfSatisfying(DeadLetterException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterException.Reason.UNDECRYPTABLE))
                .hasMessageContaining("no key is configured");
    }

    @Test
    void should_fail_when_the_ciphertext_was_tampered_with() {
        // given
        DeadLetterCodec codec = encrypting(TestLetters.newKey());
        DeadLetterCodec.Encoded encoded = codec.encode(TestLetters.secretChat("req_13"), null);
        byte[] bytes = Base64.getDecoder().decode(encoded.payload());
        bytes[20] ^= 0x01;
        String tampered = Base64.getEncoder().encodeToString(bytes);
        String truncated = encoded.payload().substring(0, 16);

        // when / then
        assertThatThrownBy(() -> codec.decode(DeadLetterCodec.AES_GCM, tampered, "req_13"))
                .isInstanceOfSatisfying(DeadLetterException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterException.Reason.UNDECRYPTABLE));
        assertThatThrownBy(() -> codec.decode(DeadLetterCodec.AES_GCM, truncated, "req_13"))
                .isInstanceOf(DeadLetterException.class);
        assertThatThrownBy(() -> codec.decode(DeadLetterCodec.AES_GCM, "%%% not base64", "req_13"))
                .isInstanceOf(DeadLetterException.class);
    }

    @Test
    void should_fail_when_the_payload_is_decoded_under_another_request_id() {
        // given: the payload of one row copied onto another
        DeadLetterCodec codec = encrypting(TestLetters.newKey());
        DeadLetterCodec.Encoded encoded = codec.encode(TestLetters.secretChat("req_14"), null);

        // when / then
        assertThatThrownBy(() -> codec.decode(encoded.format(), encoded.payload(), "req_other"))
                .isInstanceOf(DeadLetterException.class);
    }

    @Test
    void should_still_read_masked_payloads_when_a_key_is_configured_later() {
        // given
        GatewayRequest request = TestLetters.chat("req_15", Channel.FILE, "plain");
        DeadLetterCodec.Encoded masked = masking.encode(request, Classification.PUBLIC);

        // when
        GatewayRequest decoded = encrypting(TestLetters.newKey()).decode(masked.format(), masked.payload(), "req_15");

        // then
        assertThat(decoded).isEqualTo(request);
    }

    @Test
    void should_encrypt_a_stored_answer_and_reveal_it_when_a_key_is_configured() {
        // given
        DeadLetterCodec codec = encrypting(TestLetters.newKey());

        // when
        DeadLetterCodec.Encoded stored = codec.protect("{\"text\":\"" + AWS_KEY + "\"}", "dl_2");

        // then
        assertThat(stored.format()).isEqualTo(DeadLetterCodec.AES_GCM);
        assertThat(stored.payload()).doesNotContain(AWS_KEY);
        assertThat(codec.reveal(stored.format(), stored.payload(), "dl_2")).isEqualTo("{\"text\":\"" + AWS_KEY + "\"}");
        assertThatThrownBy(() -> codec.reveal(stored.format(), stored.payload(), "dl_3"))
                .isInstanceOf(DeadLetterException.class);
    }

    // ---------------------------------------------------------------- key configuration

    @Test
    void should_refuse_to_start_with_a_clear_message_when_the_key_is_not_32_bytes() {
        // given
        String shortKey = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());

        // when / then: the message names the setting and the length, never the value
        assertThatThrownBy(() -> encrypting(shortKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CARAVAN_DLQ_KEY").hasMessageContaining("16 bytes")
                .hasMessageContaining("32").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> encrypting("not*base64*at*all"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("base64").hasMessageNotContaining("not*base64*at*all");
    }

    @Test
    void should_accept_url_safe_and_padded_or_blank_keys_when_configured() {
        // given
        byte[] raw = new byte[32];
        raw[0] = (byte) 0xfb; // encodes to characters that differ between the two alphabets
        raw[1] = (byte) 0xff;
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        // when / then
        assertThat(encrypting(urlSafe).encrypts()).isTrue();
        assertThat(encrypting(" " + Base64.getEncoder().encodeToString(raw) + "\n").encrypts()).isTrue();
        assertThat(encrypting("  ").encrypts()).isFalse();
        assertThat(encrypting(null).encrypts()).isFalse();
    }

    @Test
    void should_never_show_the_key_when_properties_are_printed() {
        // given
        String key = TestLetters.newKey();

        // when
        String printed = new DeadLetterProperties(key).toString();

        // then
        assertThat(printed).doesNotContain(key).contains("<set>");
    }

    // ---------------------------------------------------------------- JMS envelope

    @Test
    void should_carry_metadata_and_the_protected_payload_when_an_envelope_is_written() throws Exception {
        // given
        GatewayRequest request = TestLetters.secretChat("req_16");
        DeadLetterCodec.Encoded encoded = masking.encode(request, TestLetters.secretClassification(request));
        DeadLetter letter = new DeadLetter("dl_x", "req_16", Channel.JMS, TestLetters.T0, "model_unavailable",
                "No model could answer.", "sim-small:error", "auto", "restricted", encoded.format(),
                encoded.payload(), "queue://replies", "corr-1", DeadLetterStatus.PENDING, 0, null, null, null, null,
                null, false);

        // when
        String envelope = masking.envelope(letter);
        JsonNode json = new ObjectMapper().readTree(envelope);

        // then
        assertThat(envelope).doesNotContain(AWS_KEY).doesNotContain(PASSWORD);
        assertThat(json.get("dead_letter_id").asText()).isEqualTo("dl_x");
        assertThat(json.get("payload_format").asText()).isEqualTo("masked");
        assertThat(json.get("reply_to").asText()).isEqualTo("queue://replies");
        assertThat(masking.decode(json.get("payload_format").asText(), json.get("payload").asText(), "req_16").texts()
                .get(3)).isEqualTo("again: [AWS_ACCESS_KEY_1]");
    }
}
