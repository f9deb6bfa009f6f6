package dev.caravan.gateway;

/**
 * Where a streamed answer goes as it arrives. Only channels that can stream (REST with
 * {@code "stream": true}) supply one. Tokens arrive on the provider client's thread; the
 * final {@link #complete} or {@link #fail} comes from the pipeline's thread afterwards.
 */
public interface TokenSink {

    /** Called before the first token: the model that will answer is known from here on. */
    void open(String requestId, String provider, String model);

    /** One piece of content; returns false when the receiver has gone away (stop generating). */
    boolean token(String text);

    /** Whether anything has reached the receiver yet (after that, no fallback is possible). */
    boolean committed();

    void complete(GatewayResponse response);

    void fail(GatewayException error);
}
