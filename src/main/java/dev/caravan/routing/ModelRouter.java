package dev.caravan.routing;

import dev.caravan.config.Capability;
import dev.caravan.config.ModelProperties;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.Caller;
import dev.caravan.gateway.ChatRequest;
import dev.caravan.gateway.EmbeddingRequest;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import dev.caravan.gateway.RequestPayload;
import dev.caravan.provider.TokenCounter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns the model a caller asked for into an ordered candidate list.
 *
 * <p>An explicit model id is taken as asked, provided the request's sensitivity clears its
 * security level and it has the capabilities the request needs. A virtual model ({@code auto},
 * {@code cheap}, {@code fast}, {@code quality}) considers every enabled model that has the needed
 * capabilities, is cleared for the request's sensitivity, fits the request into its context
 * window and is not down, and orders them by a score (lower is better):
 *
 * <pre>
 *   score = wCost·cost + wQuality·qualityGap + wLatency·latency          (each normalised 0..1
 *         + priority + over-budget + degraded + complexity tier-gap      across the candidates)
 * </pre>
 *
 * with the weights of the {@link RoutingStrategy}: from the request, from the virtual model
 * ({@code cheap} = cost, {@code fast} = latency, {@code quality}), from the tenant+service or
 * tenant override, or the global default. {@code auto} with the balanced strategy also adapts
 * to the prompt's {@link PromptComplexity}. A preferred model or provider (request, then
 * overrides) is moved to the front when it is a candidate, and ignored (noted in the
 * explanation) when it is not. Nothing here touches the database or compiles a regex per
 * request; the prompt is token-counted once.
 */
@Component
public class ModelRouter {

    /**
     * Weight of the (normalised) priority: 2 % of the score range, enough to order near-ties
     * the way the configuration ranks models, never enough to outweigh a real difference in
     * cost, quality or latency.
     */
    static final double PRIORITY_WEIGHT = 0.02;
    /**
     * Added for a model whose rolling latency exceeds its budget, in proportion to the overrun
     * (capped at 100 % over): at most a fifth of the score range, so a model far over budget
     * loses close contests, yet still wins when it is the only sensible choice.
     */
    static final double OVER_BUDGET_PENALTY = 0.20;
    /**
     * Added for a {@link ModelHealth#DEGRADED} model: a quarter of the score range. A degraded
     * model keeps serving when it is clearly the best fit, but loses to any comparable healthy one.
     */
    static final double DEGRADED_PENALTY = 0.25;
    /** For complex prompts under {@code auto}: the tier a model should have ... */
    static final int COMPLEX_MIN_TIER = 3;
    /**
     * ... and the penalty per missing tier (at most two counted): a tier-1 model needs to be
     * much better elsewhere to take a complex prompt from a tier-3 one.
     */
    static final double COMPLEX_TIER_GAP_PENALTY = 0.25;
    /** Simple prompts under {@code auto}: this share of the quality weight moves to cost. */
    static final double SIMPLE_QUALITY_TO_COST = 0.75;
    /** Complex prompts under {@code auto}: this share of the cost and latency weights moves to quality. */
    static final double COMPLEX_SHIFT_TO_QUALITY = 0.5;

    private static final Set<SecurityLevel> ALL_LEVELS = Set.copyOf(EnumSet.allOf(SecurityLevel.class));
    private static final int ALL_LEVELS_MASK = levelMask(ALL_LEVELS);
    private static final Set<Capability> TEXT = Set.of(Capability.TEXT);
    private static final Set<Capability> EMBEDDING = Set.of(Capability.EMBEDDING);

    private final ModelCatalog catalog;
    private final LatencyTracker latency;
    private final ModelHealthView health;
    private final RoutingOverrideStore overrides;
    private final RoutingStrategy configuredStrategy;
    /** The configured default unless the admin API changed it; read once per request. */
    private volatile RoutingStrategy defaultStrategy;
    private final int outputTokenReserve;
    private final TokenCounter tokens;
    private final PromptComplexity complexity = new PromptComplexity();
    /**
     * Every declared model with its routing constants, in declaration order, and the catalog
     * snapshot they were computed from: recomputed (lock-free, at most once per change) when
     * the catalog has moved on.
     */
    private volatile Profiles profiles;

    @Autowired
    public ModelRouter(ModelCatalog catalog, LatencyTracker latency, ModelHealthView health,
                       RoutingOverrideStore overrides, RoutingProperties properties, TokenCounter tokens) {
        this.catalog = catalog;
        this.latency = latency;
        this.health = health == null ? ModelHealthView.ALL_HEALTHY : health;
        this.overrides = overrides == null ? RoutingOverrideStore.inMemory(List.of()) : overrides;
        RoutingProperties p = properties == null ? RoutingProperties.defaults() : properties;
        this.configuredStrategy = p.strategy();
        this.defaultStrategy = configuredStrategy;
        this.outputTokenReserve = p.outputTokenReserve();
        this.tokens = tokens == null ? SharedTokenCounter.INSTANCE : tokens;
        ModelCatalog.Snapshot snapshot = catalog.snapshot();
        this.profiles = new Profiles(snapshot, profiles(snapshot.entries().values()));
    }

    /** All models healthy, no overrides, default properties. */
    public ModelRouter(ModelCatalog catalog, LatencyTracker latency) {
        this(catalog, latency, null, null, null, null);
    }

    // ------------------------------------------------------------------ settings

    /** The strategy used when neither request nor overrides name one. */
    public RoutingStrategy defaultStrategy() {
        return defaultStrategy;
    }

    /** The default strategy as configured ({@code caravan.routing.default-strategy}). */
    public RoutingStrategy configuredDefaultStrategy() {
        return configuredStrategy;
    }

    /** Replaces the default strategy from the next request on; null restores the configured one. */
    public void defaultStrategy(RoutingStrategy strategy) {
        this.defaultStrategy = strategy == null ? configuredStrategy : strategy;
    }

    /** The profiles of the catalog's current snapshot. */
    private Profile[] profiles() {
        ModelCatalog.Snapshot snapshot = catalog.snapshot();
        Profiles known = profiles;
        if (known.source != snapshot) {
            known = new Profiles(snapshot, profiles(snapshot.entries().values()));
            profiles = known; // a racing request may compute the same again: harmless
        }
        return known.all;
    }

    // ------------------------------------------------------------------ entry points

    /** Routes with every security level allowed and no preferences (callers without classification). */
    public RouteDecision route(GatewayRequest request) {
        return route(request, neededCapabilities(request.payload()), ALL_LEVELS, RoutingPreferences.NONE, null);
    }

    /**
     * The pipeline's entry point: the preferences are the ones the ingress put on the request
     * ({@link GatewayRequest#options()}).
     *
     * @param allowedLevels the security levels cleared for the request's sensitivity; empty or
     *                      null means none is (the request is refused, never sent lower)
     * @param sensitivity   the classified level's id, for the explanation only; null when unknown
     */
    public RouteDecision route(GatewayRequest request, Set<SecurityLevel> allowedLevels, String sensitivity) {
        return route(request, neededCapabilities(request.payload()), allowedLevels,
                RoutingPreferences.of(request.options()), sensitivity);
    }

    /** As {@link #route(GatewayRequest, Set, String)} with the preferences given explicitly. */
    public RouteDecision route(GatewayRequest request, Set<SecurityLevel> allowedLevels, RoutingPreferences prefs,
                               String sensitivity) {
        return route(request, neededCapabilities(request.payload()), allowedLevels, prefs, sensitivity);
    }

    /**
     * The form the route-model YAML calls: needed capabilities and cleared levels as the route
     * computed them, preferences from the request ({@link GatewayRequest#options()}).
     */
    public RouteDecision decide(GatewayRequest request, Set<Capability> needed, Set<SecurityLevel> allowedLevels,
                                String sensitivity) {
        return route(request, needed, allowedLevels, RoutingPreferences.of(request.options()), sensitivity);
    }

    /** The general form: the capabilities the request needs are given rather than derived. */
    public RouteDecision route(GatewayRequest request, Set<Capability> needed, Set<SecurityLevel> allowedLevels,
                               RoutingPreferences prefs, String sensitivity) {
        String sens = sensitivityLabel(sensitivity);
        int allowedMask = levelMask(allowedLevels);
        if (allowedMask == 0) {
            throw noModelCleared(sens);
        }
        VirtualModel virtual = VirtualModel.find(request.model());
        if (virtual == null) {
            return explicit(request.model(), needed, allowedMask, sens);
        }
        return routeVirtual(virtual, request, needed, allowedMask, prefs == null ? RoutingPreferences.NONE : prefs,
                sens);
    }

    /** What a virtual model resolves to right now, for listings (no prompt, no overrides); empty when nothing qualifies. */
    public Optional<ModelProperties> preview(VirtualModel virtual, Capability needed) {
        RoutingStrategy strategy = virtual == VirtualModel.AUTO ? defaultStrategy : RoutingStrategy.of(virtual);
        boolean embedding = needed == Capability.EMBEDDING;
        Ranking r = rank(1 << needed.ordinal(), ALL_LEVELS_MASK, embedding ? 1 : 0, embedding ? 0 : outputTokenReserve,
                0, strategy.costWeight(), strategy.qualityWeight(), strategy.latencyWeight(), false);
        return r.size == 0 ? Optional.empty() : Optional.of(r.profiles[r.order[0]].model);
    }

    /**
     * The capabilities a request needs. Today: embedding requests need EMBEDDING, chat requests
     * TEXT. When chat requests carry images, tools or reasoning options, VISION, TOOLS and
     * REASONING are added here.
     */
    public static Set<Capability> neededCapabilities(RequestPayload payload) {
        return payload instanceof EmbeddingRequest ? EMBEDDING : TEXT;
    }

    // ------------------------------------------------------------------ explicit model

    private RouteDecision explicit(String model, Set<Capability> needed, int allowedMask, String sens) {
        ModelCatalog.CatalogEntry entry = catalog.find(model)
                .orElseThrow(() -> new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                        "The model '" + model + "' does not exist. GET /v1/models lists the models.", "model"));
        ModelProperties m = entry.model();
        if ((levelBit(m.securityLevel()) & allowedMask) == 0) {
            throw new GatewayException(ErrorKind.MODEL_NOT_ALLOWED, "The model '" + m.id()
                    + "' is not cleared for this request's sensitivity (" + sens + ").", "model");
        }
        List<String> missing = new ArrayList<>(1);
        for (Capability c : needed) {
            if (!m.has(c)) {
                missing.add(c.name().toLowerCase(Locale.ROOT));
            }
        }
        if (!missing.isEmpty()) {
            missing.sort(null);
            throw new GatewayException(ErrorKind.INVALID_REQUEST,
                    "The model '" + m.id() + "' does not support " + String.join(" and ", missing) + " requests.", "model");
        }
        if (!entry.usable()) {
            throw new GatewayException(ErrorKind.MODEL_UNAVAILABLE,
                    "The model '" + m.id() + "' is " + entry.status().wire().replace('_', ' ') + ".", "model");
        }
        return new RouteDecision(List.of(m), "explicit model", "explicit",
                "explicit: " + m.id() + " sensitivity=" + sens + " candidates=1", List.of(), null);
    }

    // ------------------------------------------------------------------ virtual model

    private RouteDecision routeVirtual(VirtualModel virtual, GatewayRequest request, Set<Capability> needed,
                                       int allowedMask, RoutingPreferences prefs, String sens) {
        Caller caller = request.caller() == null ? Caller.anonymous() : request.caller();
        RoutingOverride forService = caller.service() == null ? null : overrides.get(caller.tenant(), caller.service());
        RoutingOverride forTenant = overrides.get(caller.tenant(), null);

        RoutingStrategy strategy;
        String via;
        if (prefs.strategy() != null) {
            strategy = RoutingStrategy.parse(prefs.strategy()).orElseThrow(() -> GatewayException.invalid(
                    "Unknown routing strategy; use one of " + RoutingStrategy.ACCEPTED + ".", "x-caravan-strategy"));
            via = "request";
        } else if (virtual != VirtualModel.AUTO) {
            strategy = RoutingStrategy.of(virtual);
            via = "model";
        } else if (forService != null && forService.parsedStrategy() != null) {
            strategy = forService.parsedStrategy();
            via = "tenant-service";
        } else if (forTenant != null && forTenant.parsedStrategy() != null) {
            strategy = forTenant.parsedStrategy();
            via = "tenant";
        } else {
            strategy = defaultStrategy;
            via = "default";
        }
        String preferModel = first(prefs.preferModel(),
                forService == null ? null : forService.preferModel(), forTenant == null ? null : forTenant.preferModel());
        String preferProvider = first(prefs.preferProvider(),
                forService == null ? null : forService.preferProvider(),
                forTenant == null ? null : forTenant.preferProvider());

        // Token estimate, counted once per request.
        long promptTokens;
        long outputTokens;
        long contextNeed;
        PromptComplexity.Assessment assessed = null;
        boolean adapt = virtual == VirtualModel.AUTO && strategy == RoutingStrategy.BALANCED;
        if (request.payload() instanceof ChatRequest chat) {
            promptTokens = tokens.count(chat.messages());
            outputTokens = chat.maxTokens() != null ? chat.maxTokens() : outputTokenReserve;
            contextNeed = promptTokens + outputTokens;
            if (adapt) {
                assessed = complexity.assess(chat.messages(), promptTokens);
            }
        } else {
            // Embeddings: cost only. The context window is not checked, because embedding
            // models split or truncate long inputs themselves (the in-process one partitions).
            promptTokens = 0;
            for (String input : ((EmbeddingRequest) request.payload()).inputs()) {
                promptTokens += tokens.count(input);
            }
            outputTokens = 0;
            contextNeed = 0;
        }

        double wc = strategy.costWeight();
        double wq = strategy.qualityWeight();
        double wl = strategy.latencyWeight();
        PromptComplexity.Level level = assessed == null ? null : assessed.level();
        if (level == PromptComplexity.Level.SIMPLE) {
            wc += wq * SIMPLE_QUALITY_TO_COST;
            wq -= wq * SIMPLE_QUALITY_TO_COST;
        } else if (level == PromptComplexity.Level.COMPLEX) {
            wq += (wc + wl) * COMPLEX_SHIFT_TO_QUALITY;
            wc -= wc * COMPLEX_SHIFT_TO_QUALITY;
            wl -= wl * COMPLEX_SHIFT_TO_QUALITY;
        }

        int neededMask = capabilityMask(needed);
        Ranking r = rank(neededMask, allowedMask, promptTokens, outputTokens, contextNeed, wc, wq, wl,
                level == PromptComplexity.Level.COMPLEX);
        if (r.size == 0) {
            throw r.failure(needed, contextNeed, sens);
        }

        StringBuilder notes = new StringBuilder();
        String preferred = applyPreferences(r, preferModel, preferProvider, neededMask, allowedMask, contextNeed, notes);

        List<ModelProperties> candidates = new ArrayList<>(r.size);
        List<CandidateScore> scores = new ArrayList<>(r.size);
        for (int k = 0; k < r.size; k++) {
            int i = r.order[k];
            candidates.add(r.profiles[i].model);
            scores.add(r.score(i));
        }
        ModelProperties primary = candidates.get(0);

        StringBuilder explanation = new StringBuilder(160)
                .append(strategy.id()).append(": ").append(primary.id())
                .append(" score=").append(decimal(r.score[r.order[0]]))
                .append(" complexity=").append(level == null ? "n/a" : level.id())
                .append(" sensitivity=").append(sens)
                .append(" candidates=").append(r.size)
                .append(" via=").append(via);
        if (assessed != null && !assessed.signals().isEmpty()) {
            explanation.append(" signals=").append(String.join(",", assessed.signals()));
        }
        if (preferred != null) {
            explanation.append(" preferred=").append(preferred);
        }
        explanation.append(notes);

        String reason = virtual.id() + ": " + strategy.id()
                + (level == null ? "" : " for a " + level.id() + " prompt")
                + ", " + primary.id() + " best of " + r.size;
        return new RouteDecision(candidates, reason, strategy.id(), explanation.toString(), scores, assessed);
    }

    /**
     * Moves the preferred model, then the preferred provider's other candidates, to the front.
     * Returns what was applied ({@code model} / {@code provider} / {@code model+provider}) or
     * null; appends a note for every preference that was ignored, with why.
     */
    private String applyPreferences(Ranking r, String preferModel, String preferProvider, int neededMask,
                                    int allowedMask, long contextNeed, StringBuilder notes) {
        int front = 0;
        String applied = null;
        if (preferModel != null) {
            int at = -1;
            for (int k = 0; k < r.size; k++) {
                if (r.profiles[r.order[k]].id.equals(preferModel)) {
                    at = k;
                    break;
                }
            }
            if (at >= 0) {
                moveToFront(r.order, at, front++);
                applied = "model";
            } else {
                notes.append(" prefer-model-ignored=")
                        .append(whyNotCandidate(r.all, preferModel, neededMask, allowedMask, contextNeed));
            }
        }
        if (preferProvider != null) {
            String provider = preferProvider.toLowerCase(Locale.ROOT);
            int moved = 0;
            for (int k = front; k < r.size; k++) {
                if (r.profiles[r.order[k]].provider.equals(provider)) {
                    moveToFront(r.order, k, front++);
                    moved++;
                }
            }
            boolean primaryFromProvider = r.profiles[r.order[0]].provider.equals(provider);
            if (moved > 0 || primaryFromProvider) {
                applied = applied == null ? "provider" : applied + "+provider";
            } else {
                boolean known = false;
                for (Profile p : r.all) {
                    known |= p.provider.equals(provider);
                }
                notes.append(" prefer-provider-ignored=").append(known ? "no-candidate" : "unknown");
            }
        }
        return applied;
    }

    /** Why a model is not among the candidates, as a fixed word (never the caller's text). */
    private String whyNotCandidate(Profile[] all, String modelId, int neededMask, int allowedMask, long contextNeed) {
        for (Profile p : all) {
            if (!p.id.equals(modelId)) {
                continue;
            }
            if (!p.usable) {
                return "disabled";
            }
            if ((p.capabilityMask & neededMask) != neededMask) {
                return "not-capable";
            }
            if ((p.levelBit & allowedMask) == 0) {
                return "not-allowed";
            }
            if (contextNeed > p.contextWindow) {
                return "context-too-small";
            }
            return health.health(p.id) == ModelHealth.DOWN ? "down" : "not-candidate";
        }
        return "unknown";
    }

    private static void moveToFront(int[] order, int from, int to) {
        int moving = order[from];
        System.arraycopy(order, to, order, to + 1, from - to);
        order[to] = moving;
    }

    // ------------------------------------------------------------------ scoring

    private Ranking rank(int neededMask, int allowedMask, long promptTokens, long outputTokens, long contextNeed,
                         double wc, double wq, double wl, boolean tierGap) {
        Profile[] all = profiles();
        Ranking r = new Ranking(all);
        double minCost = Double.MAX_VALUE;
        double maxCost = -Double.MAX_VALUE;
        double minLat = Double.MAX_VALUE;
        double maxLat = -Double.MAX_VALUE;
        int minTier = Integer.MAX_VALUE;
        int maxTier = Integer.MIN_VALUE;
        int minPrio = Integer.MAX_VALUE;
        int maxPrio = Integer.MIN_VALUE;
        for (Profile p : all) {
            if (!p.usable || (p.capabilityMask & neededMask) != neededMask) {
                continue;
            }
            r.capable++;
            if ((p.levelBit & allowedMask) == 0) {
                continue;
            }
            r.allowed++;
            if (contextNeed > p.contextWindow) {
                continue;
            }
            r.fits++;
            ModelHealth h = health.health(p.id);
            if (h == ModelHealth.DOWN) {
                continue;
            }
            int i = r.size++;
            r.profiles[i] = p;
            r.health[i] = h == null ? ModelHealth.HEALTHY : h;
            double cost = promptTokens * p.inputPerToken + outputTokens * p.outputPerToken;
            double ewma = latency.ewmaMillisOr(p.id, -1);
            r.measured[i] = ewma >= 0;
            double lat = ewma >= 0 ? ewma : p.latencyBudgetMs;
            r.cost[i] = cost;
            r.latency[i] = lat;
            r.penalty[i] = ewma > p.latencyBudgetMs
                    ? OVER_BUDGET_PENALTY * Math.min(1.0, (ewma - p.latencyBudgetMs) / p.latencyBudgetMs) : 0;
            if (r.health[i] == ModelHealth.DEGRADED) {
                r.penalty[i] += DEGRADED_PENALTY;
            }
            if (tierGap && p.qualityTier < COMPLEX_MIN_TIER) {
                r.penalty[i] += COMPLEX_TIER_GAP_PENALTY * Math.min(2, COMPLEX_MIN_TIER - p.qualityTier);
            }
            minCost = Math.min(minCost, cost);
            maxCost = Math.max(maxCost, cost);
            minLat = Math.min(minLat, lat);
            maxLat = Math.max(maxLat, lat);
            minTier = Math.min(minTier, p.qualityTier);
            maxTier = Math.max(maxTier, p.qualityTier);
            minPrio = Math.min(minPrio, p.priority);
            maxPrio = Math.max(maxPrio, p.priority);
        }
        int n = r.size;
        if (n == 0) {
            return r;
        }
        double costRange = maxCost - minCost;
        double latRange = maxLat - minLat;
        double tierRange = maxTier - minTier;
        double prioRange = maxPrio - minPrio;
        for (int i = 0; i < n; i++) {
            Profile p = r.profiles[i];
            r.costTerm[i] = costRange > 0 ? wc * (r.cost[i] - minCost) / costRange : 0;
            r.qualityTerm[i] = tierRange > 0 ? wq * (maxTier - p.qualityTier) / tierRange : 0;
            r.latencyTerm[i] = latRange > 0 ? wl * (r.latency[i] - minLat) / latRange : 0;
            if (prioRange > 0) {
                r.penalty[i] += PRIORITY_WEIGHT * (p.priority - minPrio) / prioRange;
            }
            r.score[i] = r.costTerm[i] + r.qualityTerm[i] + r.latencyTerm[i] + r.penalty[i];
            r.order[i] = i;
        }
        // insertion sort: a handful of candidates; ties by priority, then declaration order
        int[] order = r.order;
        for (int k = 1; k < n; k++) {
            int x = order[k];
            int j = k - 1;
            while (j >= 0 && r.before(x, order[j])) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
        return r;
    }

    /** One request's candidates, by index into the arrays; {@link #order} is best first. */
    private static final class Ranking {
        /** Every declared model's profile, as of the snapshot this ranking was made from. */
        final Profile[] all;
        final Profile[] profiles;
        final ModelHealth[] health;
        final boolean[] measured;
        final double[] cost;
        final double[] latency;
        final double[] costTerm;
        final double[] qualityTerm;
        final double[] latencyTerm;
        final double[] penalty;
        final double[] score;
        final int[] order;
        int size;
        int capable;
        int allowed;
        int fits;

        Ranking(Profile[] all) {
            this.all = all;
            int capacity = all.length;
            profiles = new Profile[capacity];
            health = new ModelHealth[capacity];
            measured = new boolean[capacity];
            cost = new double[capacity];
            latency = new double[capacity];
            costTerm = new double[capacity];
            qualityTerm = new double[capacity];
            latencyTerm = new double[capacity];
            penalty = new double[capacity];
            score = new double[capacity];
            order = new int[capacity];
        }

        boolean before(int a, int b) {
            if (score[a] != score[b]) {
                return score[a] < score[b];
            }
            if (profiles[a].priority != profiles[b].priority) {
                return profiles[a].priority < profiles[b].priority;
            }
            return profiles[a].index < profiles[b].index;
        }

        CandidateScore score(int i) {
            return new CandidateScore(profiles[i].id, score[i], cost[i], latency[i], measured[i], health[i],
                    costTerm[i], qualityTerm[i], latencyTerm[i], penalty[i]);
        }

        /** The error for an empty candidate set: the filter that removed the last candidates decides. */
        GatewayException failure(Set<Capability> needed, long contextNeed, String sens) {
            if (capable == 0) {
                return new GatewayException(ErrorKind.MODEL_UNAVAILABLE,
                        "No enabled model can serve " + capabilityLabel(needed) + " requests.", "model");
            }
            if (allowed == 0) {
                return noModelCleared(sens);
            }
            if (fits == 0) {
                return new GatewayException(ErrorKind.INVALID_REQUEST, "The request needs about " + contextNeed
                        + " tokens (prompt plus answer); no model cleared for it has a context window that large.",
                        "messages");
            }
            return new GatewayException(ErrorKind.MODEL_UNAVAILABLE,
                    "Every model that could serve this request is down; try again later.", "model");
        }
    }

    /** The profiles of one catalog snapshot. */
    private record Profiles(ModelCatalog.Snapshot source, Profile[] all) {
    }

    /** A declared model's routing constants, computed once per catalog snapshot. */
    private static final class Profile {
        final ModelProperties model;
        final String id;
        final String provider;
        final int index;
        final boolean usable;
        final int capabilityMask;
        final int levelBit;
        final long contextWindow;
        final double inputPerToken;
        final double outputPerToken;
        final int priority;
        final int qualityTier;
        final double latencyBudgetMs;

        Profile(ModelCatalog.CatalogEntry entry, int index) {
            this.model = entry.model();
            this.id = model.id();
            this.provider = model.provider().id();
            this.index = index;
            this.usable = entry.usable();
            this.capabilityMask = capabilityMask(model.capabilities());
            this.levelBit = levelBit(model.securityLevel());
            this.contextWindow = model.contextWindow();
            this.inputPerToken = model.inputPricePer1m() / 1_000_000.0;
            this.outputPerToken = model.outputPricePer1m() / 1_000_000.0;
            this.priority = model.priority();
            this.qualityTier = model.qualityTier();
            this.latencyBudgetMs = Math.max(1, model.latencyBudgetMs());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Profile[] profiles(Collection<ModelCatalog.CatalogEntry> entries) {
        Profile[] result = new Profile[entries.size()];
        int i = 0;
        for (ModelCatalog.CatalogEntry e : entries) {
            result[i] = new Profile(e, i);
            i++;
        }
        return result;
    }

    private static GatewayException noModelCleared(String sens) {
        return new GatewayException(ErrorKind.NO_MODEL_CLEARED,
                "No model is cleared for this request's sensitivity (" + sens + ").");
    }

    private static int capabilityMask(Collection<Capability> capabilities) {
        int mask = 0;
        for (Capability c : capabilities) {
            mask |= 1 << c.ordinal();
        }
        return mask;
    }

    private static int levelBit(SecurityLevel level) {
        return 1 << level.ordinal();
    }

    private static int levelMask(Set<SecurityLevel> levels) {
        int mask = 0;
        if (levels != null) {
            for (SecurityLevel l : levels) {
                if (l != null) {
                    mask |= levelBit(l);
                }
            }
        }
        return mask;
    }

    private static String capabilityLabel(Set<Capability> needed) {
        List<String> names = new ArrayList<>(needed.size());
        for (Capability c : needed) {
            names.add(c.name().toLowerCase(Locale.ROOT));
        }
        names.sort(null);
        return String.join("+", names);
    }

    /** The sensitivity as a short lowercase token for explanations ({@code unclassified} when not given). */
    static String sensitivityLabel(String sensitivity) {
        if (sensitivity == null || sensitivity.isBlank()) {
            return "unclassified";
        }
        StringBuilder b = new StringBuilder(Math.min(sensitivity.length(), 24));
        for (int i = 0; i < sensitivity.length() && b.length() < 24; i++) {
            char c = Character.toLowerCase(sensitivity.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                b.append(c);
            }
        }
        return b.length() == 0 ? "unclassified" : b.toString();
    }

    private static String first(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }

    /** Four decimals without String.format (which is slow and locale-dependent). */
    static String decimal(double value) {
        long scaled = Math.round(value * 10_000);
        String sign = scaled < 0 ? "-" : "";
        scaled = Math.abs(scaled);
        long frac = scaled % 10_000;
        String f = Long.toString(frac);
        return sign + (scaled / 10_000) + "." + "0000".substring(f.length()) + f;
    }

    /** For the two-argument constructor (tests, tools): one tokenizer per JVM, loaded on first use. */
    private static final class SharedTokenCounter {
        static final TokenCounter INSTANCE = new TokenCounter();
    }
}
