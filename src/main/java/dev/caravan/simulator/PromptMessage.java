package dev.caravan.simulator;

/**
 * One message of a chat request as the simulator sees it.
 *
 * @param role    {@code system}, {@code user}, {@code assistant}, {@code tool}... (never null)
 * @param content the text of the message, text parts joined; empty when it has none
 */
public record PromptMessage(String role, String content) {

    public PromptMessage {
        role = role == null ? "" : role;
        content = content == null ? "" : content;
    }
}
