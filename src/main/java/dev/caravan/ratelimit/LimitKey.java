package dev.caravan.ratelimit;

import java.util.Objects;

/**
 * One thing a limit is counted against: a scope and a name within it ({@code tenant acme},
 * {@code key k-17}). Build them with {@link RateLimitKeys}, which qualifies user names by tenant.
 */
public record LimitKey(LimitScope scope, String name) {

    /** The one key of {@link LimitScope#GLOBAL}. */
    public static final LimitKey GLOBAL = new LimitKey(LimitScope.GLOBAL, "all");

    public LimitKey {
        Objects.requireNonNull(scope, "scope");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + scope.id() + " limit key needs a name");
        }
    }

    /** {@code tenant acme}; {@code all callers} for the global key. */
    public String describe() {
        return scope == LimitScope.GLOBAL ? "all callers" : scope.id() + " " + name;
    }

    @Override
    public String toString() {
        return scope.id() + ":" + name;
    }
}
