package dev.caravan.admin;

import dev.caravan.gateway.DaemonScheduler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an admin change made on one instance reaches every instance: {@link #publish} writes a row
 * to {@code admin_changes} (and tells this instance's subscribers at once); every instance polls
 * the rows after the last one it saw and tells its subscribers, so a revoked key, a suspended
 * tenant or a disabled model stops working everywhere within one poll interval.
 *
 * <p>A database poll rather than Redis pub/sub or PostgreSQL LISTEN: the database is the one
 * shared part every deployment has (H2 alone on one machine, PostgreSQL for many), a missed
 * message cannot be lost (the row stays), and one indexed query per second is nothing.
 * Subscribers must be idempotent and quick: they drop a cache entry, never do I/O.
 */
public class ChangeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    static final String INSERT = "INSERT INTO admin_changes (topic, subject, changed_at) VALUES (?, ?, ?)";
    static final String SELECT_AFTER = "SELECT id, topic, subject FROM admin_changes WHERE id > ? ORDER BY id";
    static final String SELECT_LAST = "SELECT COALESCE(MAX(id), 0) FROM admin_changes";
    static final String DELETE_BEFORE = "DELETE FROM admin_changes WHERE changed_at < ?";

    /** One change: what kind of thing ({@code key}, {@code tenant}, {@code plan}, {@code model}…) and which. */
    public record Change(String topic, String subject) {
    }

    private final DataSource dataSource;
    private final Duration pollInterval;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, List<Consumer<Change>>> subscribers = new ConcurrentHashMap<>();
    private volatile long lastSeen = -1;
    private volatile boolean lastPollFailed;
    private volatile Instant lastPruned = Instant.EPOCH;
    private ScheduledExecutorService poller;

    public ChangeFeed(DataSource dataSource, Duration pollInterval, Duration retention, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Calls {@code subscriber} for every change of {@code topic}, made here or on another instance. */
    public void subscribe(String topic, Consumer<Change> subscriber) {
        subscribers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    /**
     * Records a change for every instance and applies it here at once.
     *
     * @throws IllegalStateException when it cannot be recorded (the caller's change then reaches
     *         other instances only when their caches expire, so the admin call must fail)
     */
    public void publish(String topic, String subject) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, topic);
            ps.setString(2, subject);
            ps.setObject(3, clock.instant().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the change for other instances: " + e.getMessage(), e);
        }
        dispatch(new Change(topic, subject));
    }

    /** Starts polling from the newest change now present (older ones were made before this instance read anything). */
    public synchronized void start() {
        if (poller != null) {
            return;
        }
        try {
            lastSeen = lastId();
        } catch (SQLException e) {
            log.warn("Admin changes: could not read admin_changes ({}); will keep trying", e.getMessage());
        }
        poller = DaemonScheduler.named("caravan-admin-changes");
        long millis = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    /** Reads and applies the changes made since the last poll; returns how many. */
    public int poll() throws SQLException {
        if (lastSeen < 0) {
            lastSeen = lastId();
            return 0;
        }
        int applied = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_AFTER)) {
            ps.setLong(1, lastSeen);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lastSeen = rs.getLong("id");
                    dispatch(new Change(rs.getString("topic"), rs.getString("subject")));
                    applied++;
                }
            }
        }
        return applied;
    }

    /** Deletes changes older than the retention (every instance has long since read them). */
    public int prune() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DELETE_BEFORE)) {
            ps.setObject(1, clock.instant().minus(retention).atOffset(ZoneOffset.UTC));
            return ps.executeUpdate();
        }
    }

    private void pollQuietly() {
        try {
            poll();
            if (lastPollFailed) {
                log.info("Admin changes: admin_changes can be read again");
                lastPollFailed = false;
            }
            Instant now = clock.instant();
            if (now.isAfter(lastPruned.plus(PRUNE_EVERY))) {
                lastPruned = now;
                prune();
            }
        } catch (SQLException | RuntimeException e) {
            if (!lastPollFailed) {
                log.warn("Admin changes: could not read admin_changes ({}); changes made on other instances"
                        + " apply when their caches expire", e.getMessage());
                lastPollFailed = true;
            }
        }
    }

    private long lastId() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(SELECT_LAST)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void dispatch(Change change) {
        for (Consumer<Change> subscriber : subscribers.getOrDefault(change.topic(), List.of())) {
            try {
                subscriber.accept(change);
            } catch (RuntimeException e) {
                log.error("Admin changes: a subscriber of '{}' failed", change.topic(), e);
            }
        }
    }
}
