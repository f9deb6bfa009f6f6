package dev.caravan.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code caravan.rate-limits.concurrency}: how many requests may be in flight at once, per scope.
 * Nothing is limited by default. A scope's limit applies to each name in it separately (every
 * tenant may have 20 in flight); {@code <scope>-overrides} set it for one name, higher or lower.
 * Where the shared counts live, and what happens when Redis is unreachable, are the rate limits'
 * settings ({@code caravan.rate-limits.redis}, {@code caravan.rate-limits.fail-open}).
 *
 * @param global          requests in flight through the whole gateway (all instances)
 * @param tenant          per tenant
 * @param task            per task, across tenants
 * @param tenantOverrides per tenant name
 * @param taskOverrides   per task name (as named in requests, case-sensitive)
 * @param leaseTtl        how long a permit is held at most (default 10m): longer than any request
 *                        with all its fallbacks, because a request still running when its lease
 *                        ends no longer counts. It is what frees the permits of an instance that
 *                        died holding them.
 */
@ConfigurationProperties("caravan.rate-limits.concurrency")
public record ConcurrencyProperties(
        Integer global,
        Integer tenant,
        Integer task,
        Map<String, Integer> tenantOverrides,
        Map<String, Integer> taskOverrides,
        Duration leaseTtl) {

    public static final Duration DEFAULT_LEASE_TTL = Duration.ofMinutes(10);
    /** Shorter leases would end under requests still running and let more through than the limit. */
    public static final Duration MIN_LEASE_TTL = Duration.ofSeconds(1);

    private static final String PREFIX = "caravan.rate-limits.concurrency.";

    public ConcurrencyProperties {
        checked("global", global);
        checked("tenant", tenant);
        checked("task", task);
        tenantOverrides = checked("tenant-overrides", tenantOverrides);
        taskOverrides = checked("task-overrides", taskOverrides);
        if (leaseTtl == null) {
            leaseTtl = DEFAULT_LEASE_TTL;
        } else if (leaseTtl.compareTo(MIN_LEASE_TTL) < 0) {
            throw new IllegalArgumentException(PREFIX + "lease-ttl must be at least " + MIN_LEASE_TTL.toSeconds()
                    + "s, and longer than any request: " + leaseTtl);
        }
    }

    /** Nothing limited, leases of {@link #DEFAULT_LEASE_TTL}. */
    public static ConcurrencyProperties defaults() {
        return new ConcurrencyProperties(null, null, null, null, null, null);
    }

    /** Whether any limit is set; when not, no permit is ever taken. */
    public boolean limitsAnything() {
        return global != null || tenant != null || task != null || !tenantOverrides.isEmpty() || !taskOverrides.isEmpty();
    }

    /** The limit of one key; 0 when it has none. */
    public int limitOf(ConcurrencyKey key) {
        Integer limit = switch (key.scope()) {
            case GLOBAL -> global;
            case TENANT -> tenantOverrides.getOrDefault(key.name(), tenant);
            case TASK -> taskOverrides.getOrDefault(key.name(), task);
        };
        return limit == null ? 0 : limit;
    }

    /** The limited keys among these, in their order, each once. */
    List<ConcurrencyLimit> limitsFor(List<ConcurrencyKey> keys) {
        List<ConcurrencyLimit> limits = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            ConcurrencyKey key = keys.get(i);
            int limit = limitOf(key);
            if (limit > 0 && !keys.subList(0, i).contains(key)) {
                limits.add(new ConcurrencyLimit(key, limit));
            }
        }
        return limits;
    }

    private static void checked(String name, Integer limit) {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least 1 (leave it out for no limit): " + limit);
        }
    }

    private static Map<String, Integer> checked(String name, Map<String, Integer> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> copy = new LinkedHashMap<>();
        overrides.forEach((id, limit) -> {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException(PREFIX + name + " has an entry without a name");
            }
            if (limit == null) {
                throw new IllegalArgumentException(PREFIX + name + "." + id + " needs a number (at least 1)");
            }
            checked(name + "." + id, limit);
            copy.put(id, limit);
        });
        return Map.copyOf(copy);
    }
}
