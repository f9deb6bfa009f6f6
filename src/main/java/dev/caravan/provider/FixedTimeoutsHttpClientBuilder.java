package dev.caravan.provider;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;

/**
 * An HTTP client builder whose connect and read timeouts cannot be overridden by the model that
 * uses it. In LangChain4j 1.10.0 the OpenAI models (blocking and streaming) always set both on the
 * builder they are given, to their own {@code timeout} or else 15 s and 60 s, replacing what the
 * builder carried; Anthropic, Gemini, Ollama and Mistral do the same whenever their
 * {@code timeout} is set. The gateway's per-provider connect timeout would then never reach the
 * socket. Here the model's calls to the setters are ignored.
 */
final class FixedTimeoutsHttpClientBuilder implements HttpClientBuilder {

    private final HttpClientBuilder configured;

    /** {@code configured} carries the timeouts to keep. */
    FixedTimeoutsHttpClientBuilder(HttpClientBuilder configured) {
        this.configured = configured;
    }

    @Override
    public Duration connectTimeout() {
        return configured.connectTimeout();
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration ignored) {
        return this;
    }

    @Override
    public Duration readTimeout() {
        return configured.readTimeout();
    }

    @Override
    public HttpClientBuilder readTimeout(Duration ignored) {
        return this;
    }

    @Override
    public HttpClient build() {
        return configured.build();
    }
}
