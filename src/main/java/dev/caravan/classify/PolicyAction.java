package dev.caravan.classify;

/** What the gateway does with a request at a given sensitivity level. */
public enum PolicyAction {
    /** Restrict the candidate models to the allowed security levels. */
    ROUTE,
    /** Replace each finding by a typed placeholder before the call; put the values back into the answer. */
    REDACT,
    /** Refuse the request (403), naming the finding types, never the values. */
    BLOCK
}
