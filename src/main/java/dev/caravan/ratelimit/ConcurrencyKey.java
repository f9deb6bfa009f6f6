package dev.caravan.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One thing requests in flight are counted against: a scope and a name within it
 * ({@code tenant acme}, {@code task LLM2_DRAFT}). {@link #of} gives a request's keys.
 *
 * <p>Names must come from the authenticated caller and a declared task, never from free request
 * text alone: a fresh name per request would be a fresh, empty count per request.
 */
public record ConcurrencyKey(ConcurrencyScope scope, String name) {

    /** The one key of {@link ConcurrencyScope#GLOBAL}. */
    public static final ConcurrencyKey GLOBAL = new ConcurrencyKey(ConcurrencyScope.GLOBAL, "all");

    public ConcurrencyKey {
        Objects.requireNonNull(scope, "scope");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + scope.id() + " concurrency key needs a name");
        }
    }

    public static ConcurrencyKey tenant(String tenant) {
        return new ConcurrencyKey(ConcurrencyScope.TENANT, tenant);
    }

    public static ConcurrencyKey task(String task) {
        return new ConcurrencyKey(ConcurrencyScope.TASK, task);
    }

    /**
     * A request's keys: always {@link #GLOBAL}, then its tenant and its task where known (null or
     * blank ones are skipped). Keys without a configured limit cost nothing.
     */
    public static List<ConcurrencyKey> of(String tenant, String task) {
        List<ConcurrencyKey> keys = new ArrayList<>(3);
        keys.add(GLOBAL);
        if (tenant != null && !tenant.isBlank()) {
            keys.add(tenant(tenant));
        }
        if (task != null && !task.isBlank()) {
            keys.add(task(task));
        }
        return List.copyOf(keys);
    }

    /** {@code tenant 'acme'}, {@code task 'LLM2_DRAFT'}; {@code all callers} for the global key. */
    public String describe() {
        return scope == ConcurrencyScope.GLOBAL ? "all callers" : scope.id() + " '" + name + "'";
    }

    /** {@code <prefix>concurrency:tenant:acme}; no rate-limit bucket starts with {@code concurrency:}. */
    String redisKey(String prefix) {
        return prefix + "concurrency:" + scope.id() + ':' + name;
    }

    @Override
    public String toString() {
        return scope.id() + ":" + name;
    }
}
