package dev.caravan.gateway;

/** One message of a chat request, reduced to what every provider understands. */
public record ChatMessage(Role role, String content, String name) {

    public enum Role {
        SYSTEM, DEVELOPER, USER, ASSISTANT, TOOL;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
