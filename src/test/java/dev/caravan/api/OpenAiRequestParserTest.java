package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.RequestOptions;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiRequestParserTest {

    private final ObjectMapper json = new ObjectMapper();
    private final OpenAiRequestParser parser = new OpenAiRequestParser(json);

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A minimal valid chat body with {@code extra} JSON members spliced in (each with a trailing comma). */
    private static byte[] chat(String extra) {
        return body("{" + extra + "\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private ChatRequest parseChat(String extra) {
        return parser.parseChat(chat(extra)).request();
    }

    private static GatewayException failure(ThrowingCallable call) {
        GatewayException e = catchThrowableOfType(GatewayException.class, call);
        assertThat(e).as("expected a GatewayException").isNotNull();
        return e;
    }

    private static void assertRejected(ThrowingCallable call, ErrorKind kind, String param) {
        GatewayException e = failure(call);
        assertThat(e.kind()).as("kind of: " + e.getMessage()).isEqualTo(kind);
        assertThat(e.param()).as("param of: " + e.getMessage()).isEqualTo(param);
    }

    @Test
    void should_map_every_parameter_when_the_body_is_a_full_chat_request() throws Exception {
        // given
        byte[] body = body("""
                {
                  "model": "sim-small",
                  "messages": [
                    {"role": "system", "content": "Be brief."},
                    {"role": "user", "content": "Hello", "name": "alice"},
                    {"role": "assistant", "content": "Hi!"},
                    {"role": "user", "content": "Tell me more"}
                  ],
                  "temperature": 0.7,
                  "top_p": 0.9,
                  "max_tokens": 100,
                  "stop": "END",
                  "seed": 42,
                  "presence_penalty": 0.5,
                  "frequency_penalty": -1.5,
                  "response_format": {"type": "json_object"},
                  "user": "user-123",
                  "stream": true,
                  "stream_options": {"include_usage": true},
                  "task": "flashcards"
                }
                """);

        // when
        OpenAiRequestParser.ParsedChat parsed = parser.parseChat(body);

        // then
        assertThat(parsed.model()).isEqualTo("sim-small");
        assertThat(parsed.task()).isEqualTo("flashcards");
        ChatRequest r = parsed.request();
        assertThat(r.messages()).containsExactly(
                new ChatMessage(ChatMessage.Role.SYSTEM, "Be brief.", null),
                new ChatMessage(ChatMessage.Role.USER, "Hello", "alice"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, "Hi!", null),
                new ChatMessage(ChatMessage.Role.USER, "Tell me more", null));
        assertThat(r.temperature()).isEqualTo(0.7);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.maxTokens()).isEqualTo(100);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.seed()).isEqualTo(42L);
        assertThat(r.presencePenalty()).isEqualTo(0.5);
        assertThat(r.frequencyPenalty()).isEqualTo(-1.5);
        assertThat(r.responseFormat()).isEqualTo("json_object");
        assertThat(r.user()).isEqualTo("user-123");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
    }

    @Test
    void should_leave_optional_parameters_null_when_the_body_is_minimal() {
        ChatRequest r = parseChat("");

        assertThat(r.temperature()).isNull();
        assertThat(r.topP()).isNull();
        assertThat(r.maxTokens()).isNull();
        assertThat(r.stop()).isEmpty();
        assertThat(r.seed()).isNull();
        assertThat(r.presencePenalty()).isNull();
        assertThat(r.frequencyPenalty()).isNull();
        assertThat(r.responseFormat()).isNull();
        assertThat(r.user()).isNull();
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
    }

    @Test
    void should_read_routing_preferences_when_the_body_names_them() {
        OpenAiRequestParser.ParsedChat parsed = parser.parseChat(
                chat("\"strategy\":\"cheap\",\"prefer_provider\":\"openai\",\"prefer_model\":\"gpt-4o\","));

        assertThat(parsed.options()).isEqualTo(new RequestOptions("cheap", "openai", "gpt-4o"));
    }

    @Test
    void should_have_no_routing_preferences_when_the_body_names_none() {
        assertThat(parser.parseChat(chat("")).options()).isEqualTo(RequestOptions.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"strategy", "prefer_provider", "prefer_model", "task"})
    void should_reject_a_routing_preference_when_it_is_not_a_string(String field) {
        assertRejected(() -> parseChat("\"" + field + "\":42,"), ErrorKind.INVALID_REQUEST, field);
    }

    @Test
    void should_prefer_max_completion_tokens_when_both_limits_are_given() {
        ChatRequest r = parseChat("\"max_tokens\":100,\"max_completion_tokens\":50,");

        assertThat(r.maxTokens()).isEqualTo(50);
    }

    @Test
    void should_use_max_completion_tokens_when_it_is_the_only_limit() {
        assertThat(parseChat("\"max_completion_tokens\":7,").maxTokens()).isEqualTo(7);
    }

    @Test
    void should_take_every_stop_sequence_when_stop_is_an_array() {
        ChatRequest r = parseChat("\"stop\":[\"a\",\"b\",\"c\",\"d\"],");

        assertThat(r.stop()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void should_not_include_usage_when_the_request_does_not_stream() {
        ChatRequest r = parseChat("\"stream\":false,\"stream_options\":{\"include_usage\":true},");

        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
    }

    @Test
    void should_not_include_usage_when_streaming_without_stream_options() {
        ChatRequest r = parseChat("\"stream\":true,");

        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isFalse();
    }

    @Test
    void should_accept_the_text_response_format_when_asked_for() {
        assertThat(parseChat("\"response_format\":{\"type\":\"text\"},").responseFormat()).isEqualTo("text");
    }

    @Test
    void should_join_text_parts_with_newlines_when_content_is_an_array() {
        byte[] body = body("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"first"},
                  {"type":"text","text":"second"}
                ]}]}
                """);

        ChatRequest r = parser.parseChat(body).request();

        assertThat(r.messages()).singleElement().extracting(ChatMessage::content).isEqualTo("first\nsecond");
    }

    @Test
    void should_accept_the_developer_role_when_it_is_sent() {
        byte[] body = body("""
                {"model":"m","messages":[
                  {"role":"developer","content":"rules"},
                  {"role":"user","content":"hi"}
                ]}
                """);

        ChatRequest r = parser.parseChat(body).request();

        assertThat(r.messages()).extracting(ChatMessage::role)
                .containsExactly(ChatMessage.Role.DEVELOPER, ChatMessage.Role.USER);
    }

    @Test
    void should_accept_temperature_and_top_p_when_they_are_at_the_bounds() {
        ChatRequest low = parseChat("\"temperature\":0,\"top_p\":0,");
        ChatRequest high = parseChat("\"temperature\":2,\"top_p\":1,");

        assertThat(low.temperature()).isZero();
        assertThat(low.topP()).isZero();
        assertThat(high.temperature()).isEqualTo(2.0);
        assertThat(high.topP()).isEqualTo(1.0);
    }

    @Test
    void should_accept_n_when_it_is_one() {
        assertThat(parseChat("\"n\":1,").messages()).hasSize(1);
    }

    @Test
    void should_treat_json_null_as_absent_when_optional_parameters_are_null() {
        ChatRequest r = parseChat("\"temperature\":null,\"stop\":null,\"tools\":null,\"n\":null,");

        assertThat(r.temperature()).isNull();
        assertThat(r.stop()).isEmpty();
    }

    @Test
    void should_reject_as_invalid_when_the_body_is_empty() {
        assertRejected(() -> parser.parseChat(new byte[0]), ErrorKind.INVALID_REQUEST, null);
        assertRejected(() -> parser.parseChat((byte[]) null), ErrorKind.INVALID_REQUEST, null);
    }

    @Test
    void should_name_line_and_column_when_the_json_is_malformed() {
        GatewayException e = failure(() -> parser.parseChat(body("{\n  \"model\": ,\n}")));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.param()).isNull();
        assertThat(e.getMessage()).contains("not valid JSON").contains("line 2").contains("column");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":\"m\"} trailing", "{\"model\":\"a\"}{\"model\":\"b\"}"})
    void should_reject_as_invalid_when_content_follows_the_json_object(String text) {
        GatewayException e = failure(() -> parser.readObject(body(text)));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.param()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null", "true", "   "})
    void should_reject_as_invalid_when_the_json_is_not_an_object(String text) {
        GatewayException e = failure(() -> parser.parseChat(body(text)));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.param()).isNull();
        assertThat(e.getMessage()).contains("JSON object");
    }

    @Test
    void should_reject_model_when_it_is_missing() {
        assertRejected(() -> parser.parseChat(body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")),
                ErrorKind.INVALID_REQUEST, "model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \"", "42", "[\"m\"]", "{}", "null"})
    void should_reject_model_when_it_is_blank_or_not_a_string(String model) {
        byte[] body = body("{\"model\":" + model + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertRejected(() -> parser.parseChat(body), ErrorKind.INVALID_REQUEST, "model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"messages\":null,", "\"messages\":\"hi\",", "\"messages\":{},", "\"messages\":[],"})
    void should_reject_messages_when_missing_not_an_array_or_empty(String messages) {
        byte[] body = body("{" + messages + "\"model\":\"m\"}");

        assertRejected(() -> parser.parseChat(body), ErrorKind.INVALID_REQUEST, "messages");
    }

    @Test
    void should_reject_messages_when_none_is_from_the_user() {
        byte[] body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":\"y\"}]}");

        GatewayException e = failure(() -> parser.parseChat(body));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo("messages");
        assertThat(e.getMessage()).contains("user message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"robot\"", "\"USER\"", "42"})
    void should_reject_the_role_when_it_is_unknown_or_not_a_string(String role) {
        byte[] body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":" + role + ",\"content\":\"b\"}]}");

        assertRejected(() -> parser.parseChat(body), ErrorKind.INVALID_REQUEST, "messages[1].role");
    }

    @Test
    void should_reject_a_message_when_it_is_not_an_object() {
        byte[] body = body("{\"model\":\"m\",\"messages\":[\"hi\"]}");

        assertRejected(() -> parser.parseChat(body), ErrorKind.INVALID_REQUEST, "messages[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tool", "function"})
    void should_refuse_as_unsupported_when_a_message_has_a_tool_role(String role) {
        byte[] body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"" + role + "\",\"content\":\"b\",\"tool_call_id\":\"c1\"}]}");

        assertRejected(() -> parser.parseChat(body), ErrorKind.UNSUPPORTED_PARAMETER, "messages[1].role");
    }

    @Test
    void should_refuse_as_unsupported_when_an_assistant_message_has_tool_calls() {
        byte[] body = body("""
                {"model":"m","messages":[
                  {"role":"user","content":"a"},
                  {"role":"assistant","content":"b","tool_calls":[{"id":"c1","type":"function"}]}
                ]}
                """);

        assertRejected(() -> parser.parseChat(body), ErrorKind.UNSUPPORTED_PARAMETER, "messages[1].tool_calls");
    }

    @Test
    void should_refuse_as_unsupported_when_content_has_an_image_part() {
        byte[] body = body("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"what is this?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}
                ]}]}
                """);

        GatewayException e = failure(() -> parser.parseChat(body));

        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_PARAMETER);
        assertThat(e.param()).isEqualTo("messages[0].content");
        assertThat(e.getMessage()).contains("image_url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"type\":\"text\"}]", "[{\"type\":\"text\",\"text\":5}]", "[{\"type\":\"video\"}]",
            "[\"plain\"]", "42", "{}", "null"})
    void should_reject_content_when_it_is_not_text(String content) {
        byte[] body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]}");

        assertRejected(() -> parser.parseChat(body), ErrorKind.INVALID_REQUEST, "messages[0].content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \"", "[]", "[{\"type\":\"text\",\"text\":\"\"}]"})
    void should_reject_content_when_a_user_or_system_message_is_blank(String content) {
        byte[] user = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]}");
        byte[] system = body("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":" + content
                + "},{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertRejected(() -> parser.parseChat(user), ErrorKind.INVALID_REQUEST, "messages[0].content");
        assertRejected(() -> parser.parseChat(system), ErrorKind.INVALID_REQUEST, "messages[0].content");
    }

    @Test
    void should_accept_empty_content_when_the_message_is_from_the_assistant() {
        byte[] body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"\"}]}");

        assertThat(parser.parseChat(body).request().messages()).hasSize(2);
    }

    @Test
    void should_reject_content_when_it_is_missing() {
        byte[] body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}");

        assertRejected(() -> parser.parseChat(body), ErrorKind.INVALID_REQUEST, "messages[0].content");
    }

    @Test
    void should_reject_temperature_when_it_is_not_a_number() {
        assertRejected(() -> parseChat("\"temperature\":\"0.5\","), ErrorKind.INVALID_REQUEST, "temperature");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.1", "2.01", "100"})
    void should_reject_temperature_when_it_is_out_of_range(String value) {
        GatewayException e = failure(() -> parseChat("\"temperature\":" + value + ","));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo("temperature");
        assertThat(e.getMessage()).contains("between 0 and 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.5", "1.5"})
    void should_reject_top_p_when_it_is_out_of_range(String value) {
        GatewayException e = failure(() -> parseChat("\"top_p\":" + value + ","));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo("top_p");
        assertThat(e.getMessage()).contains("between 0 and 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2.5", "2.5"})
    void should_reject_penalties_when_they_are_out_of_range(String value) {
        assertRejected(() -> parseChat("\"presence_penalty\":" + value + ","), ErrorKind.INVALID_REQUEST,
                "presence_penalty");
        assertRejected(() -> parseChat("\"frequency_penalty\":" + value + ","), ErrorKind.INVALID_REQUEST,
                "frequency_penalty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"10\"", "true", "9999999999"})
    void should_reject_max_tokens_when_it_is_not_an_integer(String value) {
        GatewayException e = failure(() -> parseChat("\"max_tokens\":" + value + ","));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo("max_tokens");
        assertThat(e.getMessage()).contains("integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    void should_reject_max_tokens_when_it_is_below_one(String value) {
        assertRejected(() -> parseChat("\"max_tokens\":" + value + ","), ErrorKind.INVALID_REQUEST, "max_tokens");
        assertRejected(() -> parseChat("\"max_completion_tokens\":" + value + ","), ErrorKind.INVALID_REQUEST,
                "max_completion_tokens");
    }

    @Test
    void should_reject_seed_when_it_is_not_an_integer() {
        assertRejected(() -> parseChat("\"seed\":1.5,"), ErrorKind.INVALID_REQUEST, "seed");
    }

    @Test
    void should_reject_stream_when_it_is_not_a_boolean() {
        assertRejected(() -> parseChat("\"stream\":\"yes\","), ErrorKind.INVALID_REQUEST, "stream");
    }

    @Test
    void should_reject_stream_options_when_it_is_not_an_object() {
        assertRejected(() -> parseChat("\"stream\":true,\"stream_options\":true,"), ErrorKind.INVALID_REQUEST,
                "stream_options");
    }

    @Test
    void should_reject_user_when_it_is_not_a_string() {
        assertRejected(() -> parseChat("\"user\":42,"), ErrorKind.INVALID_REQUEST, "user");
    }

    @Test
    void should_refuse_as_unsupported_when_n_is_greater_than_one() {
        GatewayException e = failure(() -> parseChat("\"n\":2,"));

        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_PARAMETER);
        assertThat(e.param()).isEqualTo("n");
        assertThat(e.getMessage()).contains("n=1");
    }

    @Test
    void should_reject_n_when_it_is_greater_than_one() {
        // Whatever the kind (see the disabled test above), n=2 must never be accepted.
        GatewayException e = failure(() -> parseChat("\"n\":2,"));

        assertThat(e.kind().status()).isEqualTo(400);
        assertThat(e.param()).isEqualTo("n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tools", "tool_choice", "functions", "function_call", "logprobs", "top_logprobs",
            "audio", "modalities", "prediction"})
    void should_refuse_as_unsupported_when_a_field_the_gateway_cannot_forward_is_present(String field) {
        GatewayException e = failure(() -> parseChat("\"" + field + "\":[{\"type\":\"function\"}],"));

        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_PARAMETER);
        assertThat(e.param()).isEqualTo(field);
        assertThat(e.getMessage()).contains(field);
    }

    @Test
    void should_refuse_as_unsupported_when_response_format_is_json_schema() {
        assertRejected(() -> parseChat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}},"),
                ErrorKind.UNSUPPORTED_PARAMETER, "response_format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"xml\"}", "{}", "\"json_object\""})
    void should_reject_response_format_when_it_is_not_a_known_type_object(String format) {
        assertRejected(() -> parseChat("\"response_format\":" + format + ","), ErrorKind.INVALID_REQUEST,
                "response_format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "[\"a\",1]", "[\"a\",\"b\",\"c\",\"d\",\"e\"]", "{\"a\":\"b\"}"})
    void should_reject_stop_when_it_is_not_a_string_or_up_to_four_strings(String stop) {
        assertRejected(() -> parseChat("\"stop\":" + stop + ","), ErrorKind.INVALID_REQUEST, "stop");
    }

    @Test
    void should_return_the_model_when_it_is_a_string() throws Exception {
        assertThat(OpenAiRequestParser.modelOf(json.readTree("{\"model\":\"cheap\"}"))).isEqualTo("cheap");
    }

    @Test
    void should_return_null_when_the_model_is_missing_or_not_a_string() throws Exception {
        assertThat(OpenAiRequestParser.modelOf(json.readTree("{}"))).isNull();
        assertThat(OpenAiRequestParser.modelOf(json.readTree("{\"model\":42}"))).isNull();
        assertThat(OpenAiRequestParser.modelOf(json.readTree("{\"model\":null}"))).isNull();
    }

    @Test
    void should_take_one_input_when_input_is_a_string() {
        OpenAiRequestParser.ParsedEmbedding parsed =
                parser.parseEmbedding(body("{\"model\":\"minilm\",\"input\":\"hello\"}"));

        assertThat(parsed.model()).isEqualTo("minilm");
        assertThat(parsed.request().inputs()).containsExactly("hello");
        assertThat(parsed.base64()).isFalse();
    }

    @Test
    void should_keep_order_when_input_is_an_array_of_strings() {
        OpenAiRequestParser.ParsedEmbedding parsed =
                parser.parseEmbedding(body("{\"model\":\"minilm\",\"input\":[\"a\",\"b\",\"c\"]}"));

        assertThat(parsed.request().inputs()).containsExactly("a", "b", "c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2,3]", "[[1,2],[3]]", "[\"a\",1]"})
    void should_refuse_as_unsupported_when_input_holds_tokens(String input) {
        assertRejected(() -> parser.parseEmbedding(body("{\"model\":\"m\",\"input\":" + input + "}")),
                ErrorKind.UNSUPPORTED_PARAMETER, "input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"\"", "[\"a\",\"\"]", "42", "{}", "null"})
    void should_reject_input_when_it_is_empty_or_of_the_wrong_type(String input) {
        assertRejected(() -> parser.parseEmbedding(body("{\"model\":\"m\",\"input\":" + input + "}")),
                ErrorKind.INVALID_REQUEST, "input");
    }

    @Test
    void should_reject_input_when_it_is_missing() {
        assertRejected(() -> parser.parseEmbedding(body("{\"model\":\"m\"}")), ErrorKind.INVALID_REQUEST, "input");
    }

    @Test
    void should_reject_model_when_an_embedding_request_has_none() {
        assertRejected(() -> parser.parseEmbedding(body("{\"input\":\"x\"}")), ErrorKind.INVALID_REQUEST, "model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"binary\"", "\"FLOAT\"", "1"})
    void should_reject_encoding_format_when_it_is_not_float_or_base64(String format) {
        assertRejected(() -> parser.parseEmbedding(
                        body("{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":" + format + "}")),
                ErrorKind.INVALID_REQUEST, "encoding_format");
    }

    @Test
    void should_flag_base64_when_encoding_format_is_base64() {
        assertThat(parser.parseEmbedding(body("{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"base64\"}"))
                .base64()).isTrue();
        assertThat(parser.parseEmbedding(body("{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"float\"}"))
                .base64()).isFalse();
    }

    @Test
    void should_refuse_as_unsupported_when_dimensions_is_given() {
        assertRejected(() -> parser.parseEmbedding(body("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":256}")),
                ErrorKind.UNSUPPORTED_PARAMETER, "dimensions");
    }

    @Test
    void should_reject_as_invalid_when_the_embedding_body_is_empty() {
        assertThatThrownBy(() -> parser.parseEmbedding(new byte[0]))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }
}
