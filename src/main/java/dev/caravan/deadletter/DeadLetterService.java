package dev.caravan.deadletter;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import dev.caravan.gateway.GatewayRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Keeps failed requests ({@link #record}) and replays them ({@link #replay}): the stored request
 * is decoded, given a new request id and handed to the application's {@link Replayer}; the
 * letter ends {@code replayed} or {@code failed} (a failed letter may be replayed again).
 *
 * <p>Failures the admin API must map are {@link DeadLetterException}s: {@code NOT_FOUND} (404),
 * {@code ALREADY_REPLAYED} and {@code IN_PROGRESS} (409), {@code UNDECRYPTABLE} (422),
 * {@code REPLAY_UNAVAILABLE} (503, no {@link Replayer} bean).
 */
@Service
public class DeadLetterService {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterService.class);

    static final int MAX_REQUEST_ID = 64;
    private static final String REPLAY_PREFIX = "replay_";

    private final DeadLetterStore store;
    private final Supplier<Replayer> replayer;
    private final Clock clock;

    /** Spring constructor: the {@link Replayer} is looked up at each replay, so it may be defined anywhere. */
    @Autowired
    public DeadLetterService(DeadLetterStore store, ObjectProvider<Replayer> replayer) {
        this(store, replayer::getIfAvailable, Clock.systemUTC());
    }

    /** @param replayer null: replays are refused with {@code REPLAY_UNAVAILABLE} */
    public DeadLetterService(DeadLetterStore store, Replayer replayer) {
        this(store, () -> replayer, Clock.systemUTC());
    }

    public DeadLetterService(DeadLetterStore store, Supplier<Replayer> replayer, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.replayer = Objects.requireNonNull(replayer, "replayer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stores a failed request as a {@code pending} letter (its payload masked or encrypted). */
    public DeadLetter record(NewDeadLetter letter) {
        DeadLetter saved = store.save(letter);
        log.info("Request {} kept as dead letter {} ({}, {})", saved.requestId(), saved.id(), saved.errorCode(),
                saved.payloadFormat());
        return saved;
    }

    /** @throws DeadLetterException {@code NOT_FOUND} */
    public DeadLetterView get(String id) {
        return store.view(id).orElseThrow(() -> notFound(id));
    }

    /** The newest letters first; see {@link DeadLetterStore#list}. */
    public List<DeadLetterView> list(String status, int limit) {
        return store.list(status, limit);
    }

    public long count(String status) {
        return store.count(status);
    }

    /**
     * The answer of a replay that could not be delivered (decrypted when needed); empty when none
     * was stored.
     *
     * @throws DeadLetterException {@code NOT_FOUND}, or {@code UNDECRYPTABLE} for a wrong key
     */
    public Optional<String> replayResponse(String id) {
        if (store.view(id).isEmpty()) {
            throw notFound(id);
        }
        return store.replayResponse(id);
    }

    /**
     * Replays one letter under a new request id and waits for the outcome.
     *
     * @throws DeadLetterException {@code NOT_FOUND}, {@code ALREADY_REPLAYED}, {@code IN_PROGRESS},
     *                             {@code UNDECRYPTABLE} or {@code REPLAY_UNAVAILABLE}; a failed
     *                             replay is not an exception but an outcome with status {@code failed}
     */
    public ReplayOutcome replay(String id) {
        DeadLetter letter = store.find(id).orElseThrow(() -> notFound(id));
        refuseUnlessReplayable(letter.status(), id);
        // decoded before the letter is taken: an undecryptable letter must not stay 'replaying'
        GatewayRequest original = store.codec().decode(letter.payloadFormat(), letter.payload(), letter.requestId());
        Replayer target = replayer.get();
        if (target == null) {
            throw new DeadLetterException(DeadLetterException.Reason.REPLAY_UNAVAILABLE,
                    "Replaying dead letters is not available: no replayer is configured.");
        }
        if (!store.markReplaying(id)) {
            DeadLetterStatus now = store.view(id).orElseThrow(() -> notFound(id)).status();
            refuseUnlessReplayable(now, id);
            throw inProgress(id); // replayable again by now: a replay ran and failed meanwhile
        }
        DeadLetter taken = store.find(id).orElseThrow(() -> notFound(id));
        String replayRequestId = replayRequestId(letter.requestId(), taken.replayAttempts());
        GatewayRequest request = new GatewayRequest(replayRequestId, original.channel(), original.caller(),
                original.task(), original.model(), original.payload(), original.options(), clock.instant());

        ReplayResult result = null;
        try {
            result = run(target, request, taken);
        } finally {
            if (result == null) { // an Error escaped the replayer: do not leave the letter taken
                store.markFailed(id, replayRequestId, ErrorKind.INTERNAL.code(), "The replay failed unexpectedly.");
            }
        }
        if (result.answered()) {
            store.markReplayed(id, replayRequestId, result.delivered() ? null : result.responseJson());
            log.info("Dead letter {} (request {}) replayed as {}; {}", id, letter.requestId(), replayRequestId,
                    result.delivered() ? "answer delivered" : "answer kept, not delivered");
            return new ReplayOutcome(id, DeadLetterStatus.REPLAYED, replayRequestId, result.delivered(), null);
        }
        store.markFailed(id, replayRequestId, result.errorCode(), result.errorMessage());
        log.warn("Dead letter {} (request {}): replay {} failed: {}", id, letter.requestId(), replayRequestId,
                result.errorCode());
        return new ReplayOutcome(id, DeadLetterStatus.FAILED, replayRequestId, false, result.errorCode());
    }

    /**
     * Replays the oldest {@code pending} letters, one after the other. Letters another replay
     * took meanwhile are skipped; an undecryptable one is reported as failed with the reason's code.
     */
    public List<ReplayOutcome> replayAll(int limit) {
        List<ReplayOutcome> outcomes = new ArrayList<>();
        for (String id : store.oldestIds(DeadLetterStatus.PENDING, limit)) {
            try {
                outcomes.add(replay(id));
            } catch (DeadLetterException e) {
                switch (e.reason()) {
                    case NOT_FOUND, ALREADY_REPLAYED, IN_PROGRESS -> {
                        // taken or removed by someone else meanwhile
                    }
                    case REPLAY_UNAVAILABLE -> throw e;
                    default -> outcomes.add(new ReplayOutcome(id, DeadLetterStatus.PENDING, null, false,
                            e.reason().code()));
                }
            }
        }
        return outcomes;
    }

    /** Marks failed the replays that have run longer than {@code olderThan} (their instance died). */
    public int releaseStuck(Duration olderThan) {
        return store.releaseStuck(olderThan);
    }

    private static ReplayResult run(Replayer target, GatewayRequest request, DeadLetter letter) {
        try {
            ReplayResult result = target.replay(request, letter);
            return result != null ? result
                    : ReplayResult.failed(ErrorKind.INTERNAL.code(), "The replayer returned no result.");
        } catch (RuntimeException e) {
            GatewayException known = gatewayException(e);
            if (known != null) {
                return ReplayResult.failed(known.kind().code(), known.getMessage());
            }
            log.error("Replay {} of dead letter {} failed unexpectedly", request.requestId(), letter.id(), e);
            return ReplayResult.failed(ErrorKind.INTERNAL.code(), "The replay failed unexpectedly. The error has been logged.");
        }
    }

    private static GatewayException gatewayException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof GatewayException known) {
                return known;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * {@code replay_<suffix>_<n>}: the original id without its {@code req_} prefix, and the replay
     * attempt number; when that would exceed 64 characters, a fresh random suffix instead.
     */
    static String replayRequestId(String originalId, int attempt) {
        String suffix = originalId == null ? "" : originalId.startsWith("req_") ? originalId.substring(4) : originalId;
        while (suffix.startsWith(REPLAY_PREFIX)) { // a replay of a replay's letter: keep one prefix
            suffix = suffix.substring(REPLAY_PREFIX.length());
        }
        String id = REPLAY_PREFIX + suffix + "_" + attempt;
        if (suffix.isEmpty() || id.length() > MAX_REQUEST_ID) {
            id = REPLAY_PREFIX + GatewayRequest.newRequestId().substring(4) + "_" + attempt;
        }
        return id;
    }

    private static void refuseUnlessReplayable(DeadLetterStatus status, String id) {
        if (status == DeadLetterStatus.REPLAYED) {
            throw new DeadLetterException(DeadLetterException.Reason.ALREADY_REPLAYED,
                    "Dead letter " + id + " has already been replayed.");
        }
        if (status == DeadLetterStatus.REPLAYING) {
            throw inProgress(id);
        }
    }

    private static DeadLetterException inProgress(String id) {
        return new DeadLetterException(DeadLetterException.Reason.IN_PROGRESS,
                "Dead letter " + id + " is being replayed.");
    }

    private static DeadLetterException notFound(String id) {
        return new DeadLetterException(DeadLetterException.Reason.NOT_FOUND, "No dead letter " + id + ".");
    }
}
