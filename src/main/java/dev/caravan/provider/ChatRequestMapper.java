package dev.caravan.provider;

import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.gateway.ChatMessage;
import dev.caravan.gateway.ChatRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.FinishReason;
import java.util.List;

/** Translates Caravan's chat request to LangChain4j's, and LangChain4j's finish reasons back to OpenAI's. */
final class ChatRequestMapper {

    private ChatRequestMapper() {
    }

    static dev.langchain4j.model.chat.request.ChatRequest toLangChain4j(ChatRequest request, ModelProperties model) {
        List<dev.langchain4j.data.message.ChatMessage> messages = request.messages().stream()
                .map(ChatRequestMapper::message).toList();
        return dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(messages)
                .parameters(parameters(request, model))
                .build();
    }

    private static dev.langchain4j.data.message.ChatMessage message(ChatMessage m) {
        return switch (m.role()) {
            case SYSTEM, DEVELOPER -> SystemMessage.from(m.content());
            case USER -> m.name() == null ? UserMessage.from(m.content()) : UserMessage.from(m.name(), m.content());
            case ASSISTANT -> AiMessage.from(m.content());
            case TOOL -> throw new IllegalArgumentException("tool messages are refused at ingress");
        };
    }

    private static ChatRequestParameters parameters(ChatRequest r, ModelProperties model) {
        boolean openAiWire = model.provider() == ProviderType.OPENAI || model.provider() == ProviderType.SIMULATOR;
        var builder = openAiWire ? OpenAiChatRequestParameters.builder() : DefaultChatRequestParameters.builder();
        builder.modelName(model.upstreamModel())
                .temperature(r.temperature())
                .topP(r.topP())
                .maxOutputTokens(r.maxTokens())
                .presencePenalty(r.presencePenalty())
                .frequencyPenalty(r.frequencyPenalty());
        if (!r.stop().isEmpty()) {
            builder.stopSequences(r.stop());
        }
        if ("json_object".equals(r.responseFormat())) {
            builder.responseFormat(ResponseFormat.JSON);
        }
        if (builder instanceof OpenAiChatRequestParameters.Builder openAi) {
            if (r.seed() != null) {
                openAi.seed((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, r.seed())));
            }
            openAi.user(r.user());
        }
        return builder.build();
    }

    static String finishReason(FinishReason reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case TOOL_EXECUTION -> "tool_calls";
            default -> "stop";
        };
    }
}
