package dev.caravan.ratelimit;

import java.util.Locale;

/** The levels a concurrency limit can be set at; a request holds a permit at each level that has a limit. */
public enum ConcurrencyScope {
    /** Every request through this gateway (all instances together when Redis is configured). */
    GLOBAL,
    TENANT,
    /**
     * A task (the process dimension: {@code LLM2_DRAFT}, {@code flashcards}), across all tenants:
     * a task's limit protects what the task is heavy on, whoever runs it.
     */
    TASK;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** {@code global}, {@code tenant}, {@code task}: as in configuration, metrics and Redis keys. */
    public String id() {
        return id;
    }
}
