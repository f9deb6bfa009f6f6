package dev.caravan.admin;

import dev.caravan.gateway.DaemonScheduler;
import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's in-memory snapshots (model overrides, provider keys, policy rules,
 * routing settings) in step with the database: each is loaded at start, reloaded when the change
 * feed announces a change of its topic (made here or on another instance), and reloaded again
 * every {@code resync} as a safety net, so that a reload that failed (database briefly away) or
 * a change whose announcement failed is picked up within that time.
 *
 * <p>A reload reads one small table and swaps a snapshot. It runs on this class's own thread,
 * never on the feed's (whose subscribers must not do I/O) nor on the request path; the admin
 * service that made a change reloads its own instance at once, before it answers.
 */
public class ModelAdminSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelAdminSync.class);

    private final ChangeFeed feed;
    private final Map<String, Runnable> reloads;
    private final Duration resync;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final boolean inline;
    private volatile ScheduledExecutorService scheduler;

    /**
     * @param reloads topic → reload of what that topic's changes affect, loaded in this order
     * @param resync  how often everything is reloaded regardless; null or zero: never
     */
    public ModelAdminSync(ChangeFeed feed, Map<String, Runnable> reloads, Duration resync) {
        this(feed, reloads, resync, false);
    }

    /** @param inline reload on the feed's thread (tests that poll by hand and assert right after) */
    ModelAdminSync(ChangeFeed feed, Map<String, Runnable> reloads, Duration resync, boolean inline) {
        this.feed = feed;
        this.reloads = new LinkedHashMap<>(reloads);
        this.resync = resync;
        this.inline = inline;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = DaemonScheduler.named("caravan-admin-reload");
        reloads.forEach((topic, reload) -> {
            if (feed != null) {
                feed.subscribe(topic, change -> later(topic));
            }
            reload(topic);
        });
        if (resync != null && !resync.isZero() && !resync.isNegative()) {
            long millis = resync.toMillis();
            scheduler.scheduleWithFixedDelay(this::reloadAll, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void later(String topic) {
        ScheduledExecutorService executor = scheduler;
        if (inline || executor == null) {
            reload(topic);
            return;
        }
        try {
            executor.execute(() -> reload(topic));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // shutting down: nothing left to keep in step
        }
    }

    /**
     * After an admin change is written: applies it on this instance at once (before the admin call
     * answers), then tells the others through the feed.
     *
     * @param feed null: this instance only (tests)
     * @throws GatewayException when the announcement cannot be written; the change is stored and
     *         applied here, and other instances pick it up at their next periodic re-read
     */
    static void announce(ChangeFeed feed, String topic, String subject, Runnable reloadHere) {
        reloadHere.run();
        if (feed == null) {
            return;
        }
        try {
            feed.publish(topic, subject);
        } catch (IllegalStateException e) {
            log.warn("Admin settings: a '{}' change is stored but could not be announced ({})", topic, e.getMessage());
            throw new GatewayException(ErrorKind.INTERNAL, "The change is saved and applies on this instance;"
                    + " other instances apply it within " + ModelAdminConfiguration.RESYNC.toSeconds()
                    + " s (the change feed could not be written).");
        }
    }

    /** Reloads every topic's snapshot now. */
    public void reloadAll() {
        reloads.keySet().forEach(this::reload);
    }

    /** Reloads one topic's snapshot; a failure keeps the previous snapshot and is logged once until it recovers. */
    void reload(String topic) {
        try {
            reloads.get(topic).run();
            if (failing.remove(topic)) {
                log.info("Admin settings: '{}' reloaded again", topic);
            }
        } catch (RuntimeException e) {
            if (failing.add(topic)) {
                log.warn("Admin settings: could not reload '{}' ({}); keeping what was loaded last, retrying every {}",
                        topic, e.getMessage(), resync);
            }
        }
    }
}
