package dev.caravan.config;

/** What a model can do; requests are only routed to models that have what they need. */
public enum Capability {
    TEXT, VISION, TOOLS, REASONING, EMBEDDING
}
