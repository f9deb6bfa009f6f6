package dev.caravan.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.gateway.ChatMessage.Role;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.routing.TestModels;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChatRequestMapperTest {

    private static ModelProperties model(ProviderType provider) {
        return TestModels.model("my-model").provider(provider).upstreamModel("upstream-v2").build();
    }

    private static ChatRequest request(List<ChatMessage> messages, Long seed, String responseFormat, List<String> stop) {
        return new ChatRequest(messages, 0.3, 0.8, 256, stop, seed, 0.1, -0.2, responseFormat, "user-7", false, false);
    }

    private static ChatRequest simple(Long seed, String responseFormat) {
        return request(List.of(new ChatMessage(Role.USER, "hi", null)), seed, responseFormat, List.of("END", "STOP"));
    }

    @Test
    void should_map_each_role_to_its_langchain4j_message_when_translating() {
        // given
        var messages = List.of(
                new ChatMessage(Role.SYSTEM, "be brief", null),
                new ChatMessage(Role.DEVELOPER, "use json", null),
                new ChatMessage(Role.USER, "hello", null),
                new ChatMessage(Role.ASSISTANT, "hi!", null),
                new ChatMessage(Role.USER, "again", "alice"));

        // when
        var lc = ChatRequestMapper.toLangChain4j(request(messages, null, null, List.of()), model(ProviderType.SIMULATOR));

        // then
        assertThat(lc.messages()).hasSize(5);
        assertThat(lc.messages().get(0)).isInstanceOfSatisfying(SystemMessage.class,
                m -> assertThat(m.text()).isEqualTo("be brief"));
        assertThat(lc.messages().get(1)).isInstanceOfSatisfying(SystemMessage.class,
                m -> assertThat(m.text()).isEqualTo("use json"));
        assertThat(lc.messages().get(2)).isInstanceOfSatisfying(UserMessage.class, m -> {
            assertThat(m.singleText()).isEqualTo("hello");
            assertThat(m.name()).isNull();
        });
        assertThat(lc.messages().get(3)).isInstanceOfSatisfying(AiMessage.class,
                m -> assertThat(m.text()).isEqualTo("hi!"));
        assertThat(lc.messages().get(4)).isInstanceOfSatisfying(UserMessage.class, m -> {
            assertThat(m.singleText()).isEqualTo("again");
            assertThat(m.name()).isEqualTo("alice");
        });
    }

    @Test
    void should_refuse_tool_messages_when_one_slips_past_ingress() {
        var messages = List.of(new ChatMessage(Role.USER, "x", null), new ChatMessage(Role.TOOL, "result", null));

        assertThatThrownBy(() -> ChatRequestMapper.toLangChain4j(request(messages, null, null, List.of()),
                model(ProviderType.OPENAI))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"OPENAI", "SIMULATOR", "ANTHROPIC", "GEMINI", "OLLAMA", "MISTRAL"})
    void should_carry_the_sampling_parameters_over_when_translating(ProviderType provider) {
        // when
        ChatRequestParameters p = ChatRequestMapper.toLangChain4j(simple(null, null), model(provider)).parameters();

        // then
        assertThat(p.modelName()).isEqualTo("upstream-v2");
        assertThat(p.temperature()).isEqualTo(0.3);
        assertThat(p.topP()).isEqualTo(0.8);
        assertThat(p.maxOutputTokens()).isEqualTo(256);
        assertThat(p.stopSequences()).containsExactly("END", "STOP");
        assertThat(p.presencePenalty()).isEqualTo(0.1);
        assertThat(p.frequencyPenalty()).isEqualTo(-0.2);
        assertThat(p.responseFormat()).isNull();
    }

    @Test
    void should_leave_parameters_unset_when_the_request_does_not_give_them() {
        var bare = new ChatRequest(List.of(new ChatMessage(Role.USER, "hi", null)), null, null, null, null, null, null,
                null, null, null, false, false);

        ChatRequestParameters p = ChatRequestMapper.toLangChain4j(bare, model(ProviderType.OPENAI)).parameters();

        assertThat(p.modelName()).isEqualTo("upstream-v2");
        assertThat(p.temperature()).isNull();
        assertThat(p.topP()).isNull();
        assertThat(p.maxOutputTokens()).isNull();
        assertThat(p.stopSequences()).isNullOrEmpty();
        assertThat(p.responseFormat()).isNull();
        assertThat(((OpenAiChatRequestParameters) p).seed()).isNull();
        assertThat(((OpenAiChatRequestParameters) p).user()).isNull();
    }

    @Test
    void should_use_the_model_id_when_no_upstream_model_is_configured() {
        var plain = TestModels.model("sim-small").build();

        assertThat(ChatRequestMapper.toLangChain4j(simple(null, null), plain).parameters().modelName())
                .isEqualTo("sim-small");
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"OPENAI", "ANTHROPIC"})
    void should_ask_for_json_when_the_response_format_is_json_object(ProviderType provider) {
        var lc = ChatRequestMapper.toLangChain4j(simple(null, "json_object"), model(provider));

        assertThat(lc.parameters().responseFormat()).isEqualTo(ResponseFormat.JSON);
    }

    @Test
    void should_not_set_a_response_format_when_it_is_text() {
        assertThat(ChatRequestMapper.toLangChain4j(simple(null, "text"), model(ProviderType.OPENAI))
                .parameters().responseFormat()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"OPENAI", "SIMULATOR"})
    void should_send_openai_parameters_with_seed_and_user_when_the_provider_speaks_openai(ProviderType provider) {
        ChatRequestParameters p = ChatRequestMapper.toLangChain4j(simple(42L, null), model(provider)).parameters();

        assertThat(p).isInstanceOfSatisfying(OpenAiChatRequestParameters.class, openAi -> {
            assertThat(openAi.seed()).isEqualTo(42);
            assertThat(openAi.user()).isEqualTo("user-7");
        });
    }

    @Test
    void should_clamp_the_seed_when_it_does_not_fit_an_int() {
        var high = (OpenAiChatRequestParameters) ChatRequestMapper.toLangChain4j(simple(1L << 40, null),
                model(ProviderType.OPENAI)).parameters();
        var low = (OpenAiChatRequestParameters) ChatRequestMapper.toLangChain4j(simple(-(1L << 40), null),
                model(ProviderType.OPENAI)).parameters();

        assertThat(high.seed()).isEqualTo(Integer.MAX_VALUE);
        assertThat(low.seed()).isEqualTo(Integer.MIN_VALUE);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"ANTHROPIC", "GEMINI", "OLLAMA", "MISTRAL"})
    void should_send_plain_parameters_when_the_provider_does_not_speak_openai(ProviderType provider) {
        ChatRequestParameters p = ChatRequestMapper.toLangChain4j(simple(42L, null), model(provider)).parameters();

        assertThat(p).isNotInstanceOf(OpenAiChatRequestParameters.class);
        assertThat(p.temperature()).isEqualTo(0.3);
    }

    @Test
    void should_map_finish_reasons_to_openai_names_when_translating_back() {
        assertThat(ChatRequestMapper.finishReason(FinishReason.STOP)).isEqualTo("stop");
        assertThat(ChatRequestMapper.finishReason(FinishReason.LENGTH)).isEqualTo("length");
        assertThat(ChatRequestMapper.finishReason(FinishReason.CONTENT_FILTER)).isEqualTo("content_filter");
        assertThat(ChatRequestMapper.finishReason(FinishReason.TOOL_EXECUTION)).isEqualTo("tool_calls");
        assertThat(ChatRequestMapper.finishReason(FinishReason.OTHER)).isEqualTo("stop");
        assertThat(ChatRequestMapper.finishReason(null)).isEqualTo("stop");
    }
}
