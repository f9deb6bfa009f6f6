package dev.caravan.metering;

import java.time.Instant;
import java.util.Objects;

/**
 * One metering record: exactly one is written for every request Caravan handles, whatever its
 * outcome. Money is integer micro-dollars (1 USD = 1,000,000), times are UTC instants.
 *
 * @param requestId      unique id of the request (primary key, at most 64 characters)
 * @param createdAt      when the request arrived
 * @param channel        {@code rest}, {@code jms} or {@code file}
 * @param kind           {@code chat} or {@code embedding}
 * @param tenant         caller identity, nullable
 * @param userId         caller identity, nullable
 * @param service        caller identity, nullable
 * @param keyId          id (never the secret) of the API key used, nullable
 * @param task           task hint given by the caller, nullable
 * @param modelRequested what the caller asked for, e.g. {@code auto} or {@code sim-small}
 * @param provider       provider that served the request; null when it failed before routing
 * @param model          model id used; null when it failed before routing
 * @param inputTokens    prompt tokens (never negative)
 * @param outputTokens   completion tokens (never negative)
 * @param costMicros     cost in micro-dollars (never negative), see {@link CostCalculator}
 * @param latencyMs      end-to-end latency in milliseconds (a negative value is clamped to 0)
 * @param status         {@code ok}, {@code error}, {@code rejected} or {@code cached}
 * @param errorCode      machine-readable error code when status is not ok, nullable
 * @param streamed       whether the answer was streamed
 * @param sensitivity    the request's classified level ({@code public} … {@code restricted}), nullable
 * @param findingTypes   comma-separated finding types (never values), nullable
 * @param route          the routing decision's one-line explanation, nullable
 * @param attempts       the fallback chain's attempts, e.g. {@code sim-small:timeout,sim-large:ok}, nullable
 * @param cacheStatus    {@code hit}, {@code semantic-hit}, {@code miss} or {@code bypass}; null when the cache stage was not reached
 * @param savedCostMicros for a cache hit, what the original provider call cost (never negative)
 */
public record UsageRecord(
        String requestId,
        Instant createdAt,
        String channel,
        String kind,
        String tenant,
        String userId,
        String service,
        String keyId,
        String task,
        String modelRequested,
        String provider,
        String model,
        long inputTokens,
        long outputTokens,
        long costMicros,
        long latencyMs,
        String status,
        String errorCode,
        boolean streamed,
        String sensitivity,
        String findingTypes,
        String route,
        String attempts,
        String cacheStatus,
        long savedCostMicros) {

    /** Longest request id the store accepts (the primary key column is VARCHAR(64)). */
    public static final int MAX_REQUEST_ID_LENGTH = 64;

    public static final String CHANNEL_REST = "rest";
    public static final String CHANNEL_JMS = "jms";
    public static final String CHANNEL_FILE = "file";

    public static final String KIND_CHAT = "chat";
    public static final String KIND_EMBEDDING = "embedding";

    public static final String STATUS_OK = "ok";
    public static final String STATUS_ERROR = "error";
    public static final String STATUS_REJECTED = "rejected";
    public static final String STATUS_CACHED = "cached";

    public UsageRecord {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must not be blank");
        }
        if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "requestId must be at most " + MAX_REQUEST_ID_LENGTH + " characters: " + requestId);
        }
        Objects.requireNonNull(createdAt, "createdAt");
        requireText(channel, "channel");
        requireText(kind, "kind");
        requireText(status, "status");
        requireNotNegative(inputTokens, "inputTokens");
        requireNotNegative(outputTokens, "outputTokens");
        requireNotNegative(costMicros, "costMicros");
        requireNotNegative(savedCostMicros, "savedCostMicros");
        latencyMs = Math.max(0, latencyMs);
    }

    /** A builder with defaults: createdAt now, channel rest, kind chat, status ok. */
    public static Builder builder(String requestId) {
        return new Builder().requestId(requestId);
    }

    /** A builder initialised with this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .requestId(requestId)
                .createdAt(createdAt)
                .channel(channel)
                .kind(kind)
                .tenant(tenant)
                .userId(userId)
                .service(service)
                .keyId(keyId)
                .task(task)
                .modelRequested(modelRequested)
                .provider(provider)
                .model(model)
                .inputTokens(inputTokens)
                .outputTokens(outputTokens)
                .costMicros(costMicros)
                .latencyMs(latencyMs)
                .status(status)
                .errorCode(errorCode)
                .streamed(streamed)
                .sensitivity(sensitivity)
                .findingTypes(findingTypes)
                .route(route)
                .attempts(attempts)
                .cacheStatus(cacheStatus)
                .savedCostMicros(savedCostMicros);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String requestId;
        private Instant createdAt;
        private String channel = CHANNEL_REST;
        private String kind = KIND_CHAT;
        private String tenant;
        private String userId;
        private String service;
        private String keyId;
        private String task;
        private String modelRequested;
        private String provider;
        private String model;
        private long inputTokens;
        private long outputTokens;
        private long costMicros;
        private long latencyMs;
        private String status = STATUS_OK;
        private String errorCode;
        private boolean streamed;
        private String sensitivity;
        private String findingTypes;
        private String route;
        private String attempts;
        private String cacheStatus;
        private long savedCostMicros;

        private Builder() {
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder task(String task) {
            this.task = task;
            return this;
        }

        public Builder modelRequested(String modelRequested) {
            this.modelRequested = modelRequested;
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Sets provider and model at once. */
        public Builder route(String provider, String model) {
            this.provider = provider;
            this.model = model;
            return this;
        }

        public Builder inputTokens(long inputTokens) {
            this.inputTokens = inputTokens;
            return this;
        }

        public Builder outputTokens(long outputTokens) {
            this.outputTokens = outputTokens;
            return this;
        }

        /** Sets input and output tokens at once. */
        public Builder tokens(long inputTokens, long outputTokens) {
            this.inputTokens = inputTokens;
            this.outputTokens = outputTokens;
            return this;
        }

        public Builder costMicros(long costMicros) {
            this.costMicros = costMicros;
            return this;
        }

        public Builder latencyMs(long latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder errorCode(String errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        public Builder streamed(boolean streamed) {
            this.streamed = streamed;
            return this;
        }

        /** Builds the record; createdAt defaults to now when not set. */
        public Builder sensitivity(String sensitivity) {
            this.sensitivity = sensitivity;
            return this;
        }

        public Builder findingTypes(String findingTypes) {
            this.findingTypes = findingTypes;
            return this;
        }

        /** The routing decision's explanation (not to be confused with {@link #route(String, String)}). */
        public Builder route(String route) {
            this.route = route;
            return this;
        }

        public Builder attempts(String attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder cacheStatus(String cacheStatus) {
            this.cacheStatus = cacheStatus;
            return this;
        }

        public Builder savedCostMicros(long savedCostMicros) {
            this.savedCostMicros = savedCostMicros;
            return this;
        }

        public UsageRecord build() {
            return new UsageRecord(
                    requestId,
                    createdAt == null ? Instant.now() : createdAt,
                    channel,
                    kind,
                    tenant,
                    userId,
                    service,
                    keyId,
                    task,
                    modelRequested,
                    provider,
                    model,
                    inputTokens,
                    outputTokens,
                    costMicros,
                    latencyMs,
                    status,
                    errorCode,
                    streamed,
                    sensitivity,
                    findingTypes,
                    route,
                    attempts,
                    cacheStatus,
                    savedCostMicros);
        }
    }
}
