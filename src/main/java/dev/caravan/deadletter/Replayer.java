package dev.caravan.deadletter;

import dev.caravan.gateway.GatewayRequest;

/**
 * Runs a dead letter's request through the pipeline again and delivers the answer to where the
 * original caller waits. Implemented by the application (Camel), called by
 * {@link DeadLetterService#replay(String)} once it holds the letter exclusively.
 *
 * <p>Contract:
 * <ul>
 * <li>{@code request} is the stored request with a new request id (the original is
 * {@code letter.requestId()}) and {@code receivedAt} now; its channel is the original one.</li>
 * <li>Deliver the answer to the original channel when possible: JMS to {@code letter.replyTo()}
 * with {@code letter.correlationId()}, FILE to the outbox name in {@code letter.replyTo()}. A REST
 * caller cannot be answered later: return {@link ReplayResult#undelivered(String)}; on success {@link ReplayResult#answeredAndDelivered()} with the
 * response JSON, which is then kept (protected) with the letter.</li>
 * <li>A failure of the pipeline is returned as {@link ReplayResult#failed} (or thrown: a thrown
 * {@code GatewayException} counts as its {@code kind().code()}, anything else as
 * {@code internal_error}). It must not create another dead letter: the letter being replayed is
 * marked failed and can be replayed again.</li>
 * <li>Must not return before the replay has finished (the letter stays {@code replaying} until then).</li>
 * </ul>
 */
@FunctionalInterface
public interface Replayer {

    ReplayResult replay(GatewayRequest request, DeadLetter letter);
}
