package dev.caravan.deadletter;

import dev.caravan.gateway.Channel;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code dead_letters} table. Every statement is fixed and parameterised; values are only
 * ever bound. Payloads are protected by the {@link DeadLetterCodec} before they are written.
 *
 * <p>Replays are made exclusive by the database: {@link #markReplaying} moves a letter from
 * {@code pending} or {@code failed} to {@code replaying} in one conditional update, so of two
 * concurrent replays (on any number of instances) exactly one gets the letter.
 */
@Component
public class DeadLetterStore {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);

    /** Most rows {@link #list} returns. */
    public static final int MAX_LIST = 1_000;

    private static final String COLUMNS = "id, request_id, channel, created_at, error_code, error_message, attempts,"
            + " model_requested, sensitivity, payload_format, reply_to, correlation_id, status, replay_attempts,"
            + " replay_started_at, replayed_at, replay_request_id, replay_error_code, replay_error_message,"
            + " replay_response_format";

    static final String INSERT = "INSERT INTO dead_letters (id, request_id, channel, created_at, error_code,"
            + " error_message, attempts, model_requested, sensitivity, payload_format, payload, reply_to,"
            + " correlation_id, status, replay_attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    static final String SELECT_ONE = "SELECT " + COLUMNS + ", payload FROM dead_letters WHERE id = ?";
    static final String SELECT_VIEW = "SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?";
    static final String LIST_ALL = "SELECT " + COLUMNS + " FROM dead_letters"
            + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
    static final String LIST_STATUS = "SELECT " + COLUMNS + " FROM dead_letters WHERE status = ?"
            + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
    static final String OLDEST_IDS = "SELECT id FROM dead_letters WHERE status = ?"
            + " ORDER BY created_at, id FETCH FIRST ? ROWS ONLY";
    static final String COUNT_ALL = "SELECT COUNT(*) FROM dead_letters";
    static final String COUNT_STATUS = "SELECT COUNT(*) FROM dead_letters WHERE status = ?";
    static final String MARK_REPLAYING = "UPDATE dead_letters SET status = ?, replay_attempts = replay_attempts + 1,"
            + " replay_started_at = ?, replay_error_code = NULL, replay_error_message = NULL"
            + " WHERE id = ? AND status IN (?, ?)";
    static final String MARK_REPLAYED = "UPDATE dead_letters SET status = ?, replayed_at = ?, replay_request_id = ?,"
            + " replay_response_format = ?, replay_response = ? WHERE id = ? AND status = ?";
    static final String MARK_FAILED = "UPDATE dead_letters SET status = ?, replay_request_id = ?,"
            + " replay_error_code = ?, replay_error_message = ? WHERE id = ? AND status = ?";
    static final String RELEASE_STUCK = "UPDATE dead_letters SET status = ?, replay_error_code = ?,"
            + " replay_error_message = ? WHERE status = ? AND replay_started_at < ?";
    static final String SELECT_RESPONSE = "SELECT replay_response_format, replay_response FROM dead_letters WHERE id = ?";

    private final JdbcTemplate jdbc;
    private final DeadLetterCodec codec;
    private final Clock clock;

    @Autowired
    public DeadLetterStore(DataSource dataSource, DeadLetterCodec codec) {
        this(dataSource, codec, Clock.systemUTC());
    }

    public DeadLetterStore(DataSource dataSource, DeadLetterCodec codec, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DeadLetterCodec codec() {
        return codec;
    }

    /** Protects the request (masked or encrypted) and stores it as a {@code pending} letter. */
    public DeadLetter save(NewDeadLetter letter) {
        Objects.requireNonNull(letter, "letter");
        String id = "dl_" + UUID.randomUUID().toString().replace("-", "");
        String requestId = clip(letter.request().requestId(), 64);
        DeadLetterCodec.Encoded encoded = codec.encode(letter.request(), letter.classification(), requestId);
        Instant createdAt = clock.instant();
        String replyTo = fitOrDrop(letter.replyTo(), 512, "reply-to destination", requestId);
        String correlationId = fitOrDrop(letter.correlationId(), 255, "correlation id", requestId);
        String sensitivity = encoded.sensitivity() == null ? null : encoded.sensitivity().id();
        jdbc.update(INSERT, ps -> {
            ps.setString(1, id);
            ps.setString(2, requestId);
            ps.setString(3, letter.request().channel().id());
            ps.setObject(4, utc(createdAt));
            setNullable(ps, 5, clip(letter.errorCode(), 64));
            setNullable(ps, 6, clip(letter.errorMessage(), 1024));
            setNullable(ps, 7, clip(letter.attempts(), 1024));
            setNullable(ps, 8, clip(letter.request().model(), 255));
            setNullable(ps, 9, sensitivity);
            ps.setString(10, encoded.format());
            ps.setString(11, encoded.payload());
            setNullable(ps, 12, replyTo);
            setNullable(ps, 13, correlationId);
            ps.setString(14, DeadLetterStatus.PENDING.id());
        });
        return new DeadLetter(id, requestId, letter.request().channel(), createdAt,
                clip(letter.errorCode(), 64), clip(letter.errorMessage(), 1024), clip(letter.attempts(), 1024),
                clip(letter.request().model(), 255), sensitivity, encoded.format(), encoded.payload(), replyTo,
                correlationId, DeadLetterStatus.PENDING, 0, null, null, null, null, null, false);
    }

    /** The letter with its payload. */
    public Optional<DeadLetter> find(String id) {
        return jdbc.query(SELECT_ONE, rs -> rs.next() ? Optional.of(letter(rs)) : Optional.<DeadLetter>empty(), id);
    }

    /** The letter's metadata (the payload is not even read). */
    public Optional<DeadLetterView> view(String id) {
        return jdbc.query(SELECT_VIEW, rs -> rs.next() ? Optional.of(view(rs)) : Optional.<DeadLetterView>empty(), id);
    }

    /**
     * The newest letters first, without payloads.
     *
     * @param status a {@link DeadLetterStatus} id, or null/blank for all
     * @param limit  at most this many (clamped to 1..{@value #MAX_LIST})
     * @throws IllegalArgumentException for an unknown status
     */
    public List<DeadLetterView> list(String status, int limit) {
        int rows = Math.max(1, Math.min(MAX_LIST, limit));
        if (status == null || status.isBlank()) {
            return jdbc.query(LIST_ALL, (rs, n) -> view(rs), rows);
        }
        return jdbc.query(LIST_STATUS, (rs, n) -> view(rs), DeadLetterStatus.parse(status).id(), rows);
    }

    /** Ids of the oldest letters in {@code status}, oldest first. */
    public List<String> oldestIds(DeadLetterStatus status, int limit) {
        return jdbc.queryForList(OLDEST_IDS, String.class, status.id(), Math.max(1, Math.min(MAX_LIST, limit)));
    }

    /** Letters in {@code status} (null/blank: all). */
    public long count(String status) {
        Long n = status == null || status.isBlank()
                ? jdbc.queryForObject(COUNT_ALL, Long.class)
                : jdbc.queryForObject(COUNT_STATUS, Long.class, DeadLetterStatus.parse(status).id());
        return n == null ? 0 : n;
    }

    /**
     * Takes the letter for a replay: {@code pending} or {@code failed} → {@code replaying}, in one
     * conditional update. Returns false when it is missing, being replayed or already replayed;
     * of concurrent callers exactly one gets true.
     */
    public boolean markReplaying(String id) {
        return jdbc.update(MARK_REPLAYING, DeadLetterStatus.REPLAYING.id(), utc(clock.instant()), id,
                DeadLetterStatus.PENDING.id(), DeadLetterStatus.FAILED.id()) == 1;
    }

    /**
     * {@code replaying} → {@code replayed}.
     *
     * @param responseOrNull the answer when it could not be delivered (stored protected, see
     *                       {@link DeadLetterCodec#protect}); null when delivered
     * @return false when the letter was not being replayed
     */
    public boolean markReplayed(String id, String replayRequestId, String responseOrNull) {
        DeadLetterCodec.Encoded response = codec.protect(responseOrNull, id);
        return jdbc.update(MARK_REPLAYED, ps -> {
            ps.setString(1, DeadLetterStatus.REPLAYED.id());
            ps.setObject(2, utc(clock.instant()));
            setNullable(ps, 3, clip(replayRequestId, 64));
            setNullable(ps, 4, response == null ? null : response.format());
            setNullable(ps, 5, response == null ? null : response.payload());
            ps.setString(6, id);
            ps.setString(7, DeadLetterStatus.REPLAYING.id());
        }) == 1;
    }

    /**
     * {@code replaying} → {@code failed} (it can be replayed again). The original failure is kept;
     * this one goes to {@code replay_error_code} / {@code replay_error_message}.
     *
     * @return false when the letter was not being replayed
     */
    public boolean markFailed(String id, String errorCode, String errorMessage) {
        return markFailed(id, null, errorCode, errorMessage);
    }

    public boolean markFailed(String id, String replayRequestId, String errorCode, String errorMessage) {
        return jdbc.update(MARK_FAILED, ps -> {
            ps.setString(1, DeadLetterStatus.FAILED.id());
            setNullable(ps, 2, clip(replayRequestId, 64));
            setNullable(ps, 3, clip(errorCode, 64));
            setNullable(ps, 4, clip(errorMessage, 1024));
            ps.setString(5, id);
            ps.setString(6, DeadLetterStatus.REPLAYING.id());
        }) == 1;
    }

    /**
     * Marks {@code failed} every letter that has been {@code replaying} for longer than
     * {@code olderThan} (its replay died with its instance), so that it can be replayed again.
     */
    public int releaseStuck(Duration olderThan) {
        Instant before = clock.instant().minus(olderThan);
        int released = jdbc.update(RELEASE_STUCK, DeadLetterStatus.FAILED.id(), "replay_interrupted",
                "The replay did not finish (the gateway stopped or the replay hung).", DeadLetterStatus.REPLAYING.id(),
                utc(before));
        if (released > 0) {
            log.warn("Dead letters: {} replay(s) started before {} never finished; marked failed", released, before);
        }
        return released;
    }

    /** The answer of a replay that could not be delivered, revealed (decrypted when needed). */
    public Optional<String> replayResponse(String id) {
        return jdbc.query(SELECT_RESPONSE, rs -> {
            if (!rs.next() || rs.getString(2) == null) {
                return Optional.<String>empty();
            }
            return Optional.of(codec.reveal(rs.getString(1), rs.getString(2), id));
        }, id);
    }

    // ---------------------------------------------------------------- rows

    private static DeadLetter letter(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getString("id"), rs.getString("request_id"), channel(rs.getString("channel")),
                instant(rs, "created_at"), rs.getString("error_code"), rs.getString("error_message"),
                rs.getString("attempts"), rs.getString("model_requested"), rs.getString("sensitivity"),
                rs.getString("payload_format"), rs.getString("payload"), rs.getString("reply_to"),
                rs.getString("correlation_id"), DeadLetterStatus.parse(rs.getString("status")),
                rs.getInt("replay_attempts"), instant(rs, "replay_started_at"), instant(rs, "replayed_at"),
                rs.getString("replay_request_id"), rs.getString("replay_error_code"),
                rs.getString("replay_error_message"), rs.getString("replay_response_format") != null);
    }

    private static DeadLetterView view(ResultSet rs) throws SQLException {
        return new DeadLetterView(rs.getString("id"), rs.getString("request_id"), rs.getString("channel"),
                instant(rs, "created_at"), rs.getString("error_code"), rs.getString("error_message"),
                rs.getString("attempts"), rs.getString("model_requested"), rs.getString("sensitivity"),
                rs.getString("payload_format"), rs.getString("reply_to"), rs.getString("correlation_id"),
                DeadLetterStatus.parse(rs.getString("status")), rs.getInt("replay_attempts"),
                instant(rs, "replay_started_at"), instant(rs, "replayed_at"), rs.getString("replay_request_id"),
                rs.getString("replay_error_code"), rs.getString("replay_error_message"),
                rs.getString("replay_response_format") != null);
    }

    private static Channel channel(String id) {
        return id == null ? null : Channel.valueOf(id.toUpperCase(Locale.ROOT));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** A value that would be wrong if cut (an address) is dropped instead, with a warning. */
    private static String fitOrDrop(String value, int max, String what, String requestId) {
        if (value == null || value.length() <= max) {
            return value;
        }
        log.warn("Dead letter for request {}: the {} is longer than {} characters and is not kept; a replay"
                + " cannot answer the original caller", requestId, what, max);
        return null;
    }

    /** Cuts a label to its column width, never splitting a surrogate pair. */
    static String clip(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
