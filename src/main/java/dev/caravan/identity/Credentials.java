package dev.caravan.identity;

/**
 * What a caller presented to prove who it is, taken off the transport (and off the message, so it
 * reaches no log, provider or reply): an {@code Authorization} value and an {@code X-Service-Key}
 * (REST), or their JMS properties. Both null: nothing presented.
 */
public record Credentials(String authorization, String serviceKey) {

    public static final Credentials NONE = new Credentials(null, null);

    /** A bare key (a JMS property) as it would arrive in {@code Authorization}. */
    public static Credentials bearer(String key) {
        return key == null || key.isBlank() ? NONE : new Credentials("Bearer " + key.strip(), null);
    }

    @Override
    public String toString() {
        return "Credentials[authorization=" + (authorization == null ? "none" : "****")
                + ", serviceKey=" + (serviceKey == null ? "none" : "****") + "]";
    }
}
