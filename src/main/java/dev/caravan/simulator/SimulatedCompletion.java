package dev.caravan.simulator;

import java.util.List;

/**
 * A simulated answer and its token accounting.
 *
 * @param text             the assistant's text
 * @param tokens           {@code text} cut into its cl100k tokens, each decoded on its own: they
 *                         concatenate to {@code text}, and a stream sends one per chunk
 * @param promptTokens     tokens of the prompt (see {@link SimulatorEngine#promptTokens})
 * @param completionTokens tokens of {@code text}, equal to {@code tokens.size()}
 * @param finishReason     {@code stop}, or {@code length} when {@code max_tokens} cut the answer
 */
public record SimulatedCompletion(
        String text, List<String> tokens, int promptTokens, int completionTokens, String finishReason) {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";

    public SimulatedCompletion {
        tokens = List.copyOf(tokens);
        if (completionTokens != tokens.size()) {
            throw new IllegalArgumentException("completionTokens " + completionTokens + " != " + tokens.size() + " tokens");
        }
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
