package dev.caravan.simulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The simulator's one shared scheduler: latencies, token pacing and hangs are scheduled tasks, so no
 * thread sleeps for a request. Deliberately not a {@code ScheduledExecutorService} bean, which would
 * displace Spring Boot's own task scheduler in the main application.
 *
 * <p>As a {@link SmartLifecycle} in the last phase it stops before the web server's graceful
 * shutdown and then answers the requests held by {@link Failure#TIMEOUT}, which would otherwise keep
 * the shutdown waiting; streams in progress are left to finish. The threads go when the bean is
 * destroyed.
 */
public class SimulatorClock implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatorClock.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Set<Runnable> stopActions = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public SimulatorClock(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "caravan-simulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ScheduledThreadPoolExecutor(threads, factory);
        this.executor.setRemoveOnCancelPolicy(true);
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A clock with one thread per core, at least two. */
    public static SimulatorClock withDefaultThreads() {
        return new SimulatorClock(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs {@code task} after {@code delayNanos} (at once when not positive).
     *
     * @throws java.util.concurrent.RejectedExecutionException once the clock is closed
     */
    public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.warn("simulator task failed", e);
            }
        }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Registers an action to run when the application stops (before the web server shuts down).
     *
     * @return un-registers the action; call it once the action is no longer needed
     */
    public Runnable onStop(Runnable action) {
        stopActions.add(action);
        return () -> stopActions.remove(action);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        for (Runnable action : stopActions) {
            stopActions.remove(action);
            try {
                action.run();
            } catch (RuntimeException e) {
                log.debug("simulator stop action failed", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before everything in a lower phase, in particular the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
