package dev.caravan.simulator;

import java.util.List;

/**
 * The parts of an OpenAI chat-completions request the simulator uses.
 *
 * @param model        the requested model id
 * @param messages     the messages, content reduced to text
 * @param maxTokens    {@code max_completion_tokens}, else {@code max_tokens}, else null
 * @param stream       whether the answer is streamed as server-sent events
 * @param includeUsage {@code stream_options.include_usage}: a stream ends with a usage chunk
 */
public record ChatCompletionRequest(
        String model, List<PromptMessage> messages, Integer maxTokens, boolean stream, boolean includeUsage) {

    public ChatCompletionRequest {
        messages = List.copyOf(messages);
    }
}
