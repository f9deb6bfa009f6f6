package dev.caravan.config;

/** The client family a model is reached through. */
public enum ProviderType {
    /** The built-in OpenAI-compatible simulator (same OpenAI client, base URL of this server). */
    SIMULATOR,
    /** OpenAI, or any OpenAI-compatible base URL (Groq, Together, xAI, vLLM, LM Studio). */
    OPENAI,
    ANTHROPIC,
    GEMINI,
    OLLAMA,
    MISTRAL,
    /** Runs inside the gateway's JVM (the all-MiniLM-L6-v2 embedding model). */
    IN_PROCESS;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Providers that refuse to work without an API key. */
    public boolean requiresApiKey() {
        return this == OPENAI || this == ANTHROPIC || this == GEMINI || this == MISTRAL;
    }
}
