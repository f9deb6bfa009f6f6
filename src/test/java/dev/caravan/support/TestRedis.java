package dev.caravan.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Redis that integration tests use. When {@code redis-server} is on the PATH (this
 * machine, CI), a private server on a free port of 127.0.0.1, without persistence, that a test
 * may {@link #stop()} and {@link #start()} again on the same port to play an outage. Otherwise
 * the Redis at {@code CARAVAN_TEST_REDIS_URL} (system property or environment), which tests
 * cannot stop: those that need to are skipped. Neither: skipped locally, a failure under
 * {@code CI=true}. Where a Docker engine exists, Testcontainers would be another source; this
 * machine has none.
 *
 * <p>Always {@link #close()} it (e.g. in {@code @AfterAll}): that kills the private server even
 * when a test failed; a JVM shutdown hook does the same if a test run is cut short.
 */
public final class TestRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path server;
    private final int port;
    private final String externalUrl;
    private final Path log;
    private final Thread killOnExit;
    private volatile Process process;

    private TestRedis(Path server, int port, String externalUrl, Path log) {
        this.server = server;
        this.port = port;
        this.externalUrl = externalUrl;
        this.log = log;
        this.killOnExit = new Thread(this::kill, "test-redis-kill-" + port);
        if (server != null) {
            Runtime.getRuntime().addShutdownHook(killOnExit);
        }
    }

    /** A running Redis, or a skipped (locally) / failed (under {@code CI=true}) test. */
    public static TestRedis running() {
        Optional<Path> server = onPath("redis-server");
        if (server.isPresent()) {
            return startPrivate(server.get());
        }
        String url = setting("CARAVAN_TEST_REDIS_URL");
        if (url != null) {
            return new TestRedis(null, -1, url, null);
        }
        String message = "No Redis for integration tests: put redis-server on the PATH or set CARAVAN_TEST_REDIS_URL";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.assumeTrue(false, message);
        throw new IllegalStateException("unreachable");
    }

    private static TestRedis startPrivate(Path server) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            TestRedis redis;
            try {
                redis = new TestRedis(server, freePort(), null, Files.createTempFile("test-redis-", ".log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                redis.startProcess();
                return redis;
            } catch (IllegalStateException e) {
                // most likely another process took the free port first
                redis.close();
                last = e;
            }
        }
        throw last;
    }

    /** {@code redis://127.0.0.1:<port>} of the private server, or {@code CARAVAN_TEST_REDIS_URL}. */
    public String url() {
        return externalUrl != null ? externalUrl : "redis://127.0.0.1:" + port;
    }

    /** Whether {@link #stop()} and {@link #start()} can be used: a private server. */
    public boolean controllable() {
        return server != null;
    }

    /** Kills the private server (its data is gone); skips the test when the Redis is not ours. */
    public void stop() {
        requireControllable();
        kill();
    }

    /** Starts the private server again on the same port; returns when it answers PING. */
    public void start() {
        requireControllable();
        if (process == null || !process.isAlive()) {
            startProcess();
        }
    }

    @Override
    public void close() {
        kill();
        if (server != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    private void startProcess() {
        try {
            process = new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + server, e);
        }
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> !process.isAlive() || answersPing());
        } catch (ConditionTimeoutException e) {
            kill();
            throw new IllegalStateException("redis-server on port " + port + " did not answer within " + START_TIMEOUT);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " exited: " + tail());
        }
    }

    private void kill() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireControllable() {
        Assumptions.assumeTrue(controllable(),
                "needs a private redis-server to stop and start; " + url() + " is not ours");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            int read = in.readNBytes(reply, 0, reply.length);
            return read == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
