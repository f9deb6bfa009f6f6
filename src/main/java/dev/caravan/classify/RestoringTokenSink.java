package dev.caravan.classify;

import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayResponse;
import dev.caravan.gateway.TokenSink;

/**
 * Puts redacted values back into a streamed answer before it reaches the caller. The final
 * response object is restored by the pipeline's finish stage, not here.
 */
final class RestoringTokenSink implements TokenSink {

    private final TokenSink delegate;
    private final Redaction.StreamRestorer restorer;

    RestoringTokenSink(TokenSink delegate, Redaction redaction) {
        this.delegate = delegate;
        this.restorer = redaction.streamRestorer();
    }

    @Override
    public void open(String requestId, String provider, String model) {
        delegate.open(requestId, provider, model);
    }

    @Override
    public boolean token(String text) {
        String ready = restorer.push(text);
        return ready.isEmpty() || delegate.token(ready);
    }

    @Override
    public boolean committed() {
        return delegate.committed();
    }

    @Override
    public void complete(GatewayResponse response) {
        String rest = restorer.finish();
        if (!rest.isEmpty()) {
            delegate.token(rest);
        }
        delegate.complete(response);
    }

    @Override
    public void fail(GatewayException error) {
        delegate.fail(error);
    }
}
