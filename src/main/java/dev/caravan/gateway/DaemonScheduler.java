package dev.caravan.gateway;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The gateway's background pollers and renewers: one named daemon thread each, so none holds up shutdown. */
public final class DaemonScheduler {

    private DaemonScheduler() {
    }

    /** A single-thread scheduler whose thread is a daemon named {@code threadName}. */
    public static ScheduledExecutorService named(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
