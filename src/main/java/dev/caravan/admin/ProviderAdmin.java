package dev.caravan.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.classify.Classification;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.Redactor;
import dev.caravan.classify.secrets.SecretDetectors;
import dev.caravan.config.Capability;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.ProviderType;
import dev.caravan.crypto.AesGcm;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.provider.ProviderClients;
import dev.caravan.provider.ProviderKeys;
import dev.caravan.provider.ProviderPing;
import dev.caravan.routing.ModelCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API for providers (one per {@link ProviderType} the declared models use): which
 * models use each, where they are reached, and whether an API key is set, shown masked only.
 * An API key set here is write-only: sealed with AES-256-GCM under {@code CARAVAN_SECRETS_KEY}
 * into {@code provider_keys}, announced on the change feed (topic {@value #TOPIC}), and opened
 * by every instance into {@link ProviderKeys}, where it wins over the models' environment
 * variables; the clients that used the old key are rebuilt on their next call. Without a
 * secrets key nothing is stored (never a key in clear).
 */
public class ProviderAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProviderAdmin.class);

    /** The change-feed topic of provider changes. */
    public static final String TOPIC = "provider";

    static final String API_KEY = "api_key";
    /** Longer than any provider's keys (the longest are JWT-like, under 2 kB); the column holds the sealed form. */
    static final int MAX_KEY_LENGTH = 4096;
    static final String NO_SECRETS_KEY = "Provider API keys are stored encrypted and no encryption key is configured:"
            + " set CARAVAN_SECRETS_KEY (caravan.providers.secrets-key) to the base64 of 32 random bytes"
            + " (openssl rand -base64 32), the same on every instance, then set the key again.";

    private final ModelCatalog catalog;
    private final ProviderKeyStore store;
    private final ProviderKeys keys;
    private final ProviderClients clients;
    private final AesGcm secrets;
    private final ChangeFeed feed;
    private final Classifier secretFinder = new Classifier(SecretDetectors.all());
    private final Redactor redactor = new Redactor();
    private volatile Set<String> unreadable = Set.of();

    /**
     * @param secrets null when {@code CARAVAN_SECRETS_KEY} is not set: keys cannot be stored or read
     * @param feed    null: changes apply to this instance only (tests)
     */
    public ProviderAdmin(ModelCatalog catalog, ProviderKeyStore store, ProviderKeys keys, ProviderClients clients,
                         AesGcm secrets, ChangeFeed feed) {
        this.catalog = catalog;
        this.store = store;
        this.keys = keys;
        this.clients = clients;
        this.secrets = secrets;
        this.feed = feed;
    }

    /** Opens every stored key into {@link ProviderKeys} and tells the catalog which providers have one. */
    public synchronized void reload() {
        Map<String, String> opened = new HashMap<>();
        Set<String> failed = new TreeSet<>();
        for (ProviderKeyStore.StoredKey stored : store.all()) {
            if (secrets == null) {
                failed.add(stored.provider());
                continue;
            }
            try {
                opened.put(stored.provider(), secrets.open(stored.ciphertext(), aad(stored.provider())));
            } catch (AesGcm.Unreadable e) {
                failed.add(stored.provider());
            }
        }
        if (!failed.equals(unreadable)) {
            unreadable = Set.copyOf(failed);
            if (!failed.isEmpty()) {
                log.warn("Provider keys: the stored API key(s) of {} cannot be opened ({}); the environment's keys"
                        + " are used for them", failed, secrets == null ? "CARAVAN_SECRETS_KEY is not set"
                        : "CARAVAN_SECRETS_KEY is not the key they were stored with");
            }
        }
        keys.replace(opened);
        catalog.applyStoredKeys(keys.providers());
    }

    public List<ProviderView> list() {
        Map<String, StoredHint> hints = hints();
        List<ProviderView> views = new ArrayList<>();
        for (ProviderType type : providers()) {
            views.add(view(type, hints.get(type.id())));
        }
        return views;
    }

    /** @throws GatewayException 404 when no declared model uses the provider */
    public ProviderView get(String id) {
        ProviderType type = provider(id);
        return view(type, hints().get(type.id()));
    }

    /**
     * Stores a provider's API key ({@code {"api_key": "..."}}), sealed. The answer shows it masked.
     *
     * @throws GatewayException 404 unknown provider, 400 a provider without keys or a bad key,
     *                          409 when no secrets key is configured
     */
    public ProviderView setKey(String id, JsonNode body) {
        ProviderType type = provider(id);
        if (!type.requiresApiKey()) {
            throw GatewayException.invalid("Provider " + type.id() + " does not use an API key.", "id");
        }
        RoutingAdminJson.onlyFields(body, Set.of(API_KEY));
        JsonNode node = body.get(API_KEY);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw GatewayException.invalid("'" + API_KEY + "' must be a non-empty string.", API_KEY);
        }
        String key = node.asText().strip();
        if (key.length() > MAX_KEY_LENGTH) {
            throw GatewayException.invalid("'" + API_KEY + "' must be at most " + MAX_KEY_LENGTH + " characters.", API_KEY);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw GatewayException.invalid("'" + API_KEY + "' must be printable ASCII without spaces.", API_KEY);
            }
        }
        if (secrets == null) {
            throw new GatewayException(ErrorKind.CONFLICT, NO_SECRETS_KEY, API_KEY);
        }
        store.save(type.id(), secrets.seal(key, aad(type.id())), mask(key));
        announce(type.id());
        return get(type.id());
    }

    /** Deletes a provider's stored key: its models use their environment variables again. */
    public ProviderView deleteKey(String id) {
        ProviderType type = provider(id);
        if (!store.delete(type.id())) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "Provider " + type.id() + " has no stored API key.", "id");
        }
        announce(type.id());
        return get(type.id());
    }

    /**
     * A minimal real call (a one-token answer) through the client of one of the provider's chat
     * models (an enabled one when there is one), outside breakers and metrics. Reports how it went;
     * the error text never holds a key.
     */
    public TestResult test(String id) {
        ProviderType type = provider(id);
        ModelProperties model = testModel(type).orElseThrow(() -> GatewayException.invalid(
                "Provider " + type.id() + " has no chat model to test.", "id"));
        if (type.requiresApiKey() && clients.apiKeyOrNull(model) == null) {
            return new TestResult(type.id(), model.id(), false, null, "no_api_key", "No API key is set: set "
                    + model.apiKeyEnv() + " or PUT /api/admin/providers/" + type.id() + "/api-key.");
        }
        if (type == ProviderType.OLLAMA && (model.baseUrl() == null || model.baseUrl().isBlank())) {
            return new TestResult(type.id(), model.id(), false, null, "no_base_url",
                    "No base URL is set: set OLLAMA_BASE_URL.");
        }
        long started = System.nanoTime();
        try {
            ProviderPing.ping(clients, model);
            return new TestResult(type.id(), model.id(), true, elapsed(started), null, null);
        } catch (GatewayException e) {
            return new TestResult(type.id(), model.id(), false, elapsed(started), e.kind().code(),
                    scrub(e.getMessage(), model));
        } catch (RuntimeException e) {
            return new TestResult(type.id(), model.id(), false, elapsed(started), ErrorKind.PROVIDER_ERROR.code(),
                    scrub(e.getClass().getSimpleName() + ": " + e.getMessage(), model));
        }
    }

    /**
     * A key as the admin API shows it: its first three and last four characters ({@code sk-…abcd}),
     * or only an ellipsis for a key too short to hide anything by that.
     */
    static String mask(String key) {
        if (key == null) {
            return null;
        }
        return key.length() >= 16 ? key.substring(0, 3) + "…" + key.substring(key.length() - 4) : "…";
    }

    /** Error text without the key in use and without anything that looks like a credential. */
    String scrub(String text, ModelProperties model) {
        if (text == null) {
            return null;
        }
        String key = clients.apiKeyOrNull(model);
        String out = key == null || key.length() < 4 ? text : text.replace(key, mask(key));
        Classification found = secretFinder.classify(out);
        if (found.hasFindings()) {
            out = redactor.redact(List.of(out), found).texts().get(0);
        }
        return out.length() > 500 ? out.substring(0, 500) + "…" : out;
    }

    private void announce(String providerId) {
        ModelAdminSync.announce(feed, TOPIC, providerId, this::reload);
    }

    private Optional<ModelProperties> testModel(ProviderType type) {
        List<ModelProperties> chat = catalog.all().stream().map(ModelCatalog.CatalogEntry::model)
                .filter(m -> m.provider() == type && m.has(Capability.TEXT) && type != ProviderType.IN_PROCESS)
                .toList();
        return chat.stream().filter(m -> catalog.find(m.id()).map(ModelCatalog.CatalogEntry::usable).orElse(false))
                .findFirst().or(() -> chat.stream().findFirst());
    }

    private Set<ProviderType> providers() {
        Set<ProviderType> used = new LinkedHashSet<>();
        for (ModelProperties m : catalog.declared()) {
            used.add(m.provider());
        }
        return used;
    }

    private ProviderType provider(String id) {
        for (ProviderType type : providers()) {
            if (type.id().equals(id)) {
                return type;
            }
        }
        throw new GatewayException(ErrorKind.NOT_FOUND, "No declared model uses a provider '"
                + RoutingAdminJson.clip(id == null ? "" : id) + "'; GET /api/admin/providers lists them.", "id");
    }

    private Map<String, StoredHint> hints() {
        Map<String, StoredHint> hints = new HashMap<>();
        for (ProviderKeyStore.StoredKey k : store.all()) {
            hints.put(k.provider(), new StoredHint(k.hint(), k.updatedAt()));
        }
        return hints;
    }

    private ProviderView view(ProviderType type, StoredHint stored) {
        List<String> models = new ArrayList<>();
        Set<String> envs = new LinkedHashSet<>();
        Set<String> baseUrls = new LinkedHashSet<>();
        String environmentKey = null;
        for (ModelProperties m : catalog.declared()) {
            if (m.provider() != type) {
                continue;
            }
            models.add(m.id());
            if (m.apiKeyEnv() != null) {
                envs.add(m.apiKeyEnv());
            }
            if (type != ProviderType.IN_PROCESS) {
                baseUrls.add(baseUrl(m));
            }
            if (environmentKey == null && type.requiresApiKey() && stored == null) {
                environmentKey = clients.apiKeyOrNull(m);
            }
        }
        ApiKeyView key = null;
        if (type.requiresApiKey()) {
            boolean readable = stored != null && keys.key(type.id()) != null;
            if (stored != null) {
                key = new ApiKeyView(true, readable ? "stored" : "stored_unreadable", stored.hint(), stored.updatedAt());
            } else if (environmentKey != null) {
                key = new ApiKeyView(true, "environment", mask(environmentKey), null);
            } else {
                key = new ApiKeyView(false, "none", null, null);
            }
        }
        return new ProviderView(type.id(), type.requiresApiKey(), List.copyOf(envs), List.copyOf(baseUrls), models, key);
    }

    /** The model's base URL, or {@code default} for the provider's own endpoint. */
    private String baseUrl(ModelProperties m) {
        try {
            String url = clients.baseUrl(m);
            return url == null || url.isBlank() ? "default" : url;
        } catch (IllegalStateException simulatorNotStartedYet) {
            return "default";
        }
    }

    private static String aad(String providerId) {
        return "provider_keys:" + providerId;
    }

    private static Long elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    private record StoredHint(String hint, Instant updatedAt) {
    }

    /** One provider as the admin API shows it; never a key, only its masked form. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProviderView(String id, boolean requiresApiKey, List<String> apiKeyEnv, List<String> baseUrls,
                               List<String> models, ApiKeyView apiKey) {
    }

    /**
     * @param source {@code stored} (admin API), {@code stored_unreadable} (stored, but this instance's
     *               CARAVAN_SECRETS_KEY cannot open it), {@code environment}, or {@code none}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApiKeyView(boolean set, String source, String masked, Instant updatedAt) {
    }

    /** A connection test: whether the call succeeded, how long it took, and why not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestResult(String provider, String model, boolean ok, Long latencyMs, String errorCode,
                             String error) {
    }
}
