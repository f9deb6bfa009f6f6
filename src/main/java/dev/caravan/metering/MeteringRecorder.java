package dev.caravan.metering;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes {@link UsageRecord}s to the {@code usage_records} table off the request path.
 *
 * <p>{@link #record(UsageRecord)} only enqueues onto a bounded queue; one daemon writer thread
 * drains up to {@code batchSize} records (waiting at most {@code flushInterval} for a batch to
 * fill) and inserts them in one JDBC batch inside a transaction. When a batch fails, it is
 * rolled back and retried row by row, so one bad row (a duplicate request id, say) does not
 * lose the others: a duplicate is logged and skipped, any other failed row is logged with its
 * full content.
 *
 * <p>Nothing is dropped silently: when the queue is full, {@code record} waits up to one second
 * for room and then writes the record synchronously in the caller's thread, counting it in
 * {@code caravan.metering.backpressure}. After {@link #stop()} records are written
 * synchronously too. {@link #flush()} waits until everything recorded before it is stored.
 *
 * <p>Metrics (when a {@link MeterRegistry} exists): gauges {@code caravan.metering.queue.depth}
 * and {@code caravan.metering.pending}; counters {@code caravan.metering.records.written},
 * {@code caravan.metering.write.failures} (tag {@code reason}: {@code duplicate} or
 * {@code error}) and {@code caravan.metering.backpressure}.
 */
@Component
public class MeteringRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MeteringRecorder.class);

    /**
     * Below Camel's SpringCamelContext (Integer.MAX_VALUE - 2049) and the web server's phases:
     * the writer starts before routes can produce records and stops only after they have
     * stopped, so in-flight wire-taps are still written.
     */
    public static final int PHASE = Integer.MAX_VALUE - 4096;

    static final Duration DEFAULT_OFFER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Fixed, parameterised statement; values are only ever bound, never concatenated. */
    static final String INSERT_SQL = "INSERT INTO usage_records (request_id, created_at, channel, kind,"
            + " tenant, user_id, service, key_id, task, model_requested, provider, model,"
            + " input_tokens, output_tokens, cost_micros, latency_ms, status, error_code, streamed,"
            + " sensitivity, finding_types, route, attempts, cache_status, saved_cost_micros)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String DUPLICATE_KEY_SQL_STATE = "23505";

    /** Control item: tells the writer to finish. */
    private static final Object STOP = new Object();

    /** Control item: released by the writer once everything queued before it is written. */
    private static final class FlushMarker {
        private final CountDownLatch done = new CountDownLatch(1);
    }

    private enum State { NEW, RUNNING, STOPPED }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final long offerTimeoutNanos;
    private final int queueCapacity;
    private final BlockingQueue<Object> queue;

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong backpressure = new AtomicLong();

    private final Object lifecycleLock = new Object();
    private volatile State state = State.NEW;
    private Thread writer;

    /** Spring constructor; the meter registry is optional. */
    @Autowired
    public MeteringRecorder(
            DataSource dataSource, MeteringProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        this(dataSource, properties, meterRegistry.getIfAvailable(), DEFAULT_OFFER_TIMEOUT);
    }

    /** Constructor for use without Spring and without metrics. */
    public MeteringRecorder(DataSource dataSource, MeteringProperties properties) {
        this(dataSource, properties, (MeterRegistry) null, DEFAULT_OFFER_TIMEOUT);
    }

    /** Constructor for use without Spring; {@code meterRegistry} may be null. */
    public MeteringRecorder(DataSource dataSource, MeteringProperties properties, MeterRegistry meterRegistry) {
        this(dataSource, properties, meterRegistry, DEFAULT_OFFER_TIMEOUT);
    }

    MeteringRecorder(
            DataSource dataSource, MeteringProperties properties, MeterRegistry meterRegistry, Duration offerTimeout) {
        Objects.requireNonNull(dataSource, "dataSource");
        MeteringProperties props = properties == null ? MeteringProperties.defaults() : properties;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.batchSize = props.batchSize();
        this.flushIntervalNanos = props.flushInterval().toNanos();
        this.offerTimeoutNanos = offerTimeout.toNanos();
        this.queueCapacity = props.queueCapacity();
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        if (meterRegistry != null) {
            registerMeters(meterRegistry);
        }
    }

    private void registerMeters(MeterRegistry registry) {
        Gauge.builder("caravan.metering.queue.depth", queue, BlockingQueue::size)
                .description("Items waiting in the metering queue")
                .register(registry);
        Gauge.builder("caravan.metering.pending", pending, AtomicLong::get)
                .description("Metering records accepted but not yet stored")
                .register(registry);
        FunctionCounter.builder("caravan.metering.records.written", written, AtomicLong::get)
                .description("Metering records stored")
                .register(registry);
        FunctionCounter.builder("caravan.metering.write.failures", duplicates, AtomicLong::get)
                .description("Metering records not stored")
                .tag("reason", "duplicate")
                .register(registry);
        FunctionCounter.builder("caravan.metering.write.failures", failures, AtomicLong::get)
                .description("Metering records not stored")
                .tag("reason", "error")
                .register(registry);
        FunctionCounter.builder("caravan.metering.backpressure", backpressure, AtomicLong::get)
                .description("Metering records written in the caller's thread because the queue was full")
                .register(registry);
    }

    // ---------------------------------------------------------------- recording

    /**
     * Accepts one record. Normally only enqueues and returns at once; never drops the record.
     * Safe to call from any thread.
     */
    public void record(UsageRecord usage) {
        Objects.requireNonNull(usage, "usage");
        pending.incrementAndGet();
        if (state == State.STOPPED) {
            write(List.of(usage));
            return;
        }
        if (!enqueue(usage)) {
            long count = backpressure.incrementAndGet();
            if (count == 1 || count % 1000 == 0) {
                log.warn("Metering queue full ({} items); writing in the caller's thread ({} times so far)",
                        queue.size(), count);
            }
            write(List.of(usage));
            return;
        }
        if (state == State.STOPPED) {
            // stop() may have finished its final drain before our offer: write it ourselves.
            drainRemaining();
        }
    }

    private boolean enqueue(UsageRecord usage) {
        if (queue.offer(usage)) {
            return true;
        }
        if (offerTimeoutNanos <= 0) {
            return false;
        }
        try {
            return queue.offer(usage, offerTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Blocks until every record recorded before this call has been stored (or failed and been
     * logged). Without a running writer it writes the queued records in the caller's thread.
     */
    public void flush() {
        flush(null);
    }

    /**
     * Like {@link #flush()}, waiting at most {@code timeout} (null: no limit).
     *
     * @return true when everything recorded before the call has been handled
     */
    public boolean flush(Duration timeout) {
        if (state != State.RUNNING) {
            drainRemaining();
            return true;
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        FlushMarker marker = new FlushMarker();
        try {
            if (timeout == null) {
                queue.put(marker);
            } else if (!queue.offer(marker, remaining(deadline), TimeUnit.NANOSECONDS)) {
                return false;
            }
            if (state == State.STOPPED) {
                drainRemaining(); // the writer may be gone: release the marker ourselves
            }
            if (timeout == null) {
                marker.done.await();
                return true;
            }
            return marker.done.await(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Records accepted but not yet stored (queued or being written). */
    public long pending() {
        return pending.get();
    }

    /** A snapshot of the recorder's counters. */
    public Stats stats() {
        return new Stats(pending.get(), queue.size(), written.get(), duplicates.get(), failures.get(),
                backpressure.get());
    }

    /**
     * Counters since start.
     *
     * @param pending      accepted but not yet stored
     * @param queued       items in the queue
     * @param written      rows stored
     * @param duplicates   records skipped because their request id was already stored
     * @param failures     records that could not be stored for another reason (logged)
     * @param backpressure records written in the caller's thread because the queue was full
     */
    public record Stats(long pending, long queued, long written, long duplicates, long failures,
            long backpressure) {
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            if (state == State.RUNNING) {
                return;
            }
            state = State.RUNNING;
            startWriterThread();
        }
        log.debug("Metering writer started (batch size {}, flush interval {} ms, queue capacity {})",
                batchSize, TimeUnit.NANOSECONDS.toMillis(flushIntervalNanos),
                queueCapacity);
    }

    /** Call holding lifecycleLock. A writer killed by an Error is replaced, so flush() cannot hang on it. */
    private void startWriterThread() {
        Thread thread = new Thread(this::writerLoop, "caravan-metering-writer");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((dead, error) -> {
            log.error("Metering writer thread died; starting a new one", error);
            synchronized (lifecycleLock) {
                if (state == State.RUNNING && writer == dead) {
                    startWriterThread();
                }
            }
        });
        writer = thread;
        thread.start();
    }

    /** Stops the writer after it has written everything queued; later records are written synchronously. */
    @Override
    public void stop() {
        Thread thread;
        synchronized (lifecycleLock) {
            if (state == State.STOPPED) {
                return;
            }
            state = State.STOPPED;
            thread = writer;
            writer = null;
        }
        if (thread != null) {
            try {
                if (!queue.offer(STOP, STOP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                    thread.interrupt();
                }
                thread.join(STOP_TIMEOUT.toMillis());
                if (thread.isAlive()) {
                    log.warn("Metering writer did not finish within {}; draining in {}", STOP_TIMEOUT,
                            Thread.currentThread().getName());
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                thread.interrupt();
            }
        }
        drainRemaining();
        Stats stats = stats();
        log.info("Metering recorder stopped: {} written, {} duplicates, {} failures, {} backpressure",
                stats.written(), stats.duplicates(), stats.failures(), stats.backpressure());
    }

    /** Drains the queue on bean destruction (idempotent after {@link #stop()}). */
    @PreDestroy
    public void close() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    // ---------------------------------------------------------------- writer

    private void writerLoop() {
        List<Object> items = new ArrayList<>(batchSize);
        boolean stop = false;
        while (!stop) {
            try {
                items.add(queue.take());
                collect(items);
            } catch (InterruptedException e) {
                stop = true; // only stop() interrupts us: finish what we hold, then drain
            }
            try {
                stop |= process(items);
            } catch (RuntimeException e) {
                log.error("Unexpected error in the metering writer", e);
            } finally {
                // even if an Error kills this thread, nobody stays blocked in flush()
                for (Object item : items) {
                    if (item instanceof FlushMarker marker) {
                        marker.done.countDown();
                    }
                }
                items.clear();
            }
        }
        drainRemaining();
    }

    /** Adds queued items until a batch is full, a control item arrives, or flushInterval passes. */
    private void collect(List<Object> items) throws InterruptedException {
        if (!(items.get(0) instanceof UsageRecord)) {
            return;
        }
        long deadline = System.nanoTime() + flushIntervalNanos;
        while (items.size() < batchSize) {
            int from = items.size();
            if (queue.drainTo(items, batchSize - from) == 0) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    return;
                }
                Object next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return;
                }
                items.add(next);
            }
            for (int i = from; i < items.size(); i++) {
                if (!(items.get(i) instanceof UsageRecord)) {
                    return; // flush or stop: write now
                }
            }
        }
    }

    /** Writes the records in order, releasing flush markers as they are reached. */
    private boolean process(List<Object> items) {
        boolean stop = false;
        List<UsageRecord> batch = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof UsageRecord usage) {
                batch.add(usage);
                continue;
            }
            write(batch);
            batch.clear();
            if (item instanceof FlushMarker marker) {
                marker.done.countDown();
            } else if (item == STOP) {
                stop = true;
            }
        }
        write(batch);
        return stop;
    }

    /** Writes whatever is queued in the calling thread (used on stop and when no writer runs). */
    private void drainRemaining() {
        List<Object> items = new ArrayList<>();
        while (queue.drainTo(items, batchSize) > 0) {
            process(items);
            items.clear();
        }
    }

    /** Stores the records: one transactional batch, row by row if that fails. Never throws. */
    void write(List<UsageRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (batch.size() == 1) {
                writeOne(batch.get(0));
                return;
            }
            try {
                transaction.executeWithoutResult(
                        status -> jdbc.batchUpdate(INSERT_SQL, batch, batch.size(), MeteringRecorder::bind));
                written.addAndGet(batch.size());
            } catch (RuntimeException e) {
                log.debug("Metering batch of {} failed ({}); retrying row by row", batch.size(), e.toString());
                for (UsageRecord usage : batch) {
                    writeOne(usage);
                }
            }
        } finally {
            pending.addAndGet(-batch.size());
        }
    }

    private void writeOne(UsageRecord usage) {
        try {
            jdbc.update(INSERT_SQL, ps -> bind(ps, usage));
            written.incrementAndGet();
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                duplicates.incrementAndGet();
                log.warn("Metering record for request {} already stored; duplicate skipped", usage.requestId());
            } else {
                failures.incrementAndGet();
                log.error("Could not store metering record {}: {}", usage, e.toString());
            }
        }
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return true;
            }
            if (t instanceof SQLException sql && DUPLICATE_KEY_SQL_STATE.equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static void bind(PreparedStatement ps, UsageRecord r) throws SQLException {
        ps.setString(1, r.requestId());
        ps.setObject(2, r.createdAt().atOffset(ZoneOffset.UTC));
        ps.setString(3, clip(r.channel(), 16));
        ps.setString(4, clip(r.kind(), 16));
        ps.setString(5, clip(r.tenant(), 255));
        ps.setString(6, clip(r.userId(), 255));
        ps.setString(7, clip(r.service(), 255));
        ps.setString(8, clip(r.keyId(), 255));
        ps.setString(9, clip(r.task(), 64));
        ps.setString(10, clip(r.modelRequested(), 255));
        ps.setString(11, clip(r.provider(), 64));
        ps.setString(12, clip(r.model(), 255));
        ps.setLong(13, r.inputTokens());
        ps.setLong(14, r.outputTokens());
        ps.setLong(15, r.costMicros());
        ps.setLong(16, r.latencyMs());
        ps.setString(17, clip(r.status(), 16));
        ps.setString(18, clip(r.errorCode(), 64));
        ps.setBoolean(19, r.streamed());
        ps.setString(20, clip(r.sensitivity(), 16));
        ps.setString(21, clip(r.findingTypes(), 512));
        ps.setString(22, clip(r.route(), 512));
        ps.setString(23, clip(r.attempts(), 512));
        ps.setString(24, clip(r.cacheStatus(), 16));
        ps.setLong(25, r.savedCostMicros());
    }

    /** Cuts a value to its column width (a clipped label beats a lost record), never splitting a surrogate pair. */
    static String clip(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
