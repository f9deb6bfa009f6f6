package dev.caravan.provider;

import dev.caravan.config.ProviderType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Provider API keys set through the admin API (stored encrypted in {@code provider_keys}), held
 * decrypted in memory by provider id ({@link dev.caravan.config.ProviderType#id()}). A stored key
 * wins over the model's {@code api-key-env} variable. Each key has a version, changed only when
 * the key itself changes, so that {@link ProviderClients} rebuilds exactly the clients whose key
 * changed. One immutable map swapped on change: reads never lock.
 */
@Component
public class ProviderKeys {

    /** The version of "no stored key": the environment variable's key (or none) is used. */
    public static final long NONE = 0;

    private final AtomicLong versions = new AtomicLong();
    private volatile Map<String, Versioned> keys = Map.of();
    /** The same by {@link ProviderType#ordinal()}, for the per-request lookups (no id string built). */
    private volatile Versioned[] byType = new Versioned[ProviderType.values().length];

    /** Replaces every stored key (provider id → key); unchanged keys keep their version. */
    public synchronized void replace(Map<String, String> byProvider) {
        Map<String, Versioned> previous = keys;
        Map<String, Versioned> next = new HashMap<>();
        byProvider.forEach((provider, key) -> {
            if (key == null || key.isBlank()) {
                return;
            }
            Versioned old = previous.get(provider);
            next.put(provider, old != null && old.key.equals(key) ? old : new Versioned(key, versions.incrementAndGet()));
        });
        Versioned[] indexed = new Versioned[ProviderType.values().length];
        for (ProviderType type : ProviderType.values()) {
            indexed[type.ordinal()] = next.get(type.id());
        }
        keys = Map.copyOf(next);
        byType = indexed;
    }

    /** The stored key of a provider, or null when none is stored. */
    public String key(ProviderType provider) {
        Versioned v = byType[provider.ordinal()];
        return v == null ? null : v.key;
    }

    /** The version of the provider's stored key, {@link #NONE} when none is stored. */
    public long version(ProviderType provider) {
        Versioned v = byType[provider.ordinal()];
        return v == null ? NONE : v.version;
    }

    /** The stored key of a provider, or null when none is stored. */
    public String key(String providerId) {
        Versioned v = keys.get(providerId);
        return v == null ? null : v.key;
    }

    /** The version of the provider's stored key, {@link #NONE} when none is stored. */
    public long version(String providerId) {
        Versioned v = keys.get(providerId);
        return v == null ? NONE : v.version;
    }

    /** The providers with a stored key. */
    public Set<String> providers() {
        return keys.keySet();
    }

    private record Versioned(String key, long version) {

        /** Never shows the key. */
        @Override
        public String toString() {
            return "Versioned[version=" + version + "]";
        }
    }
}
