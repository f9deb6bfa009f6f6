package dev.caravan.gateway;

/** The ingress a request arrived on; replies go back the same way. */
public enum Channel {
    REST, JMS, FILE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
