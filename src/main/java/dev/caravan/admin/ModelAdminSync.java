package dev.caravan.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
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
 * <p>A reload reads one small table and swaps a snapshot; it runs on the feed's thread (or the
 * admin request's, for changes made here), never on the request path.
 */
public class ModelAdminSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelAdminSync.class);

    private final ChangeFeed feed;
    private final Map<String, Runnable> reloads;
    private final Duration resync;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService scheduler;

    /**
     * @param reloads topic → reload of what that topic's changes affect, loaded in this order
     * @param resync  how often everything is reloaded regardless; null or zero: never
     */
    public ModelAdminSync(ChangeFeed feed, Map<String, Runnable> reloads, Duration resync) {
        this.feed = feed;
        this.reloads = new LinkedHashMap<>(reloads);
        this.resync = resync;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        reloads.forEach((topic, reload) -> {
            if (feed != null) {
                feed.subscribe(topic, change -> reload(topic));
            }
            reload(topic);
        });
        if (resync != null && !resync.isZero() && !resync.isNegative()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "caravan-admin-resync");
                t.setDaemon(true);
                return t;
            });
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
