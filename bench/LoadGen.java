import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load generator, JDK only.
 *
 * <pre>
 * java bench/LoadGen.java --url http://127.0.0.1:8080/v1/chat/completions \
 *      --body '{"model":"sim-small","messages":[{"role":"user","content":"hi"}]}' \
 *      --concurrency 16 --requests 8000 --warmup 1000 [--label gateway-c16] [--timeout-s 30]
 *      [--snapshot-url http://127.0.0.1:8080/actuator/prometheus --snapshot-out /tmp/prom]
 * </pre>
 *
 * <p>One shared {@link HttpClient} (HTTP/1.1, keep-alive) and N worker threads, each sending its
 * next request as soon as the previous answer is read. {@code --warmup} requests are sent first
 * (same concurrency) and not recorded. Each measured request's latency is taken with
 * {@link System#nanoTime()} around {@code client.send} (the body is read fully). Anything other
 * than status 200, or an I/O error, counts as a failure; failed requests are not in the
 * percentiles. Percentiles are nearest-rank over all measured successful requests (no histogram
 * bucketing); throughput is successful requests per second of the measured phase's wall time.
 *
 * <p>Output: one {@code key=value} line (for scripts) and one human line.
 */
public class LoadGen {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String url = required(opts, "url");
        String body = required(opts, "body");
        if (body.startsWith("@")) {
            body = Files.readString(Path.of(body.substring(1)), StandardCharsets.UTF_8);
        }
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "1"));
        int requests = Integer.parseInt(opts.getOrDefault("requests", "1000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "0"));
        int timeoutS = Integer.parseInt(opts.getOrDefault("timeout-s", "30"));
        String label = opts.getOrDefault("label", "");

        // The JDK client keeps idle HTTP/1.1 connections in a pool (keep-alive is its default);
        // the pool is unbounded, so each worker ends up with a connection of its own.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, concurrency)))
                .build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(timeoutS))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String header = opts.get("header");
        if (header != null) {
            int colon = header.indexOf(':');
            builder.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        HttpRequest request = builder.build();

        if (warmup > 0) {
            Phase w = run(client, request, concurrency, warmup);
            if (w.failures.get() > 0) {
                System.err.printf("warmup: %d of %d requests failed; statuses %s; first error: %s%n",
                        w.failures.get(), warmup, w.statuses, w.firstError);
            }
        }
        // Optional: GET a URL (e.g. the server's /actuator/prometheus) right before and right after
        // the measured phase, saved as <snapshot-out>.before / .after, so that server-side counters
        // can be differenced over exactly the measured requests.
        String snapshotUrl = opts.get("snapshot-url");
        String snapshotOut = opts.getOrDefault("snapshot-out", "snapshot");
        if (snapshotUrl != null) {
            snapshot(client, snapshotUrl, Path.of(snapshotOut + ".before"));
        }
        Phase m = run(client, request, concurrency, requests);
        if (snapshotUrl != null) {
            snapshot(client, snapshotUrl, Path.of(snapshotOut + ".after"));
        }

        long[] ok = Arrays.copyOf(m.latencies, m.okCount.get());
        Arrays.sort(ok);
        double seconds = m.wallNanos / 1e9;
        // successful requests per second of the measured phase
        double throughput = ok.length / seconds;
        double meanNanos = ok.length == 0 ? Double.NaN : Arrays.stream(ok).average().orElseThrow();
        String kv = String.format(Locale.ROOT,
                "%srequests=%d failures=%d concurrency=%d duration_s=%.3f throughput_rps=%.1f "
                        + "mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f",
                label.isEmpty() ? "" : "label=" + label + " ",
                requests, m.failures.get(), concurrency, seconds, throughput, meanNanos / 1e6,
                ms(pct(ok, 50)), ms(pct(ok, 90)), ms(pct(ok, 99)), ms(ok.length == 0 ? -1 : ok[ok.length - 1]));
        System.out.println(kv);
        System.out.printf(Locale.ROOT,
                "%s%d requests (%d failed) at concurrency %d in %.2f s: %.1f req/s; latency mean %.3f ms, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                label.isEmpty() ? "" : label + ": ",
                requests, m.failures.get(), concurrency, seconds, throughput, meanNanos / 1e6,
                ms(pct(ok, 50)), ms(pct(ok, 90)), ms(pct(ok, 99)), ms(ok.length == 0 ? -1 : ok[ok.length - 1]));
        if (m.failures.get() > 0) {
            System.out.printf("failures by status %s; first error: %s%n", m.statuses, m.firstError);
        }
        System.exit(m.failures.get() > 0 ? 1 : 0);
    }

    static void snapshot(HttpClient client, String url, Path out) throws IOException, InterruptedException {
        HttpResponse<Path> r = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(out));
        if (r.statusCode() != 200) {
            System.err.println("snapshot " + url + " answered " + r.statusCode());
        }
    }

    /** One closed-loop phase: workers take request numbers from a shared counter until all are sent. */
    static Phase run(HttpClient client, HttpRequest request, int concurrency, int total) throws InterruptedException {
        Phase phase = new Phase(total);
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int w = 0; w < concurrency; w++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    while (next.getAndIncrement() < total) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            status = response.statusCode();
                        } catch (IOException e) {
                            status = -1;
                            phase.error(e.toString());
                        }
                        long elapsed = System.nanoTime() - t0;
                        if (status == 200) {
                            phase.latencies[phase.okCount.getAndIncrement()] = elapsed;
                        } else {
                            phase.failures.incrementAndGet();
                            phase.statuses.merge(status, 1, Integer::sum);
                            if (status != -1) {
                                phase.error("HTTP " + status);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "loadgen-" + w);
            t.setDaemon(true);
            t.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        done.await();
        phase.wallNanos = System.nanoTime() - t0;
        return phase;
    }

    static final class Phase {
        final long[] latencies;
        final AtomicInteger okCount = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        volatile String firstError;
        long wallNanos;

        Phase(int total) {
            latencies = new long[total];
        }

        synchronized void error(String message) {
            if (firstError == null) {
                firstError = message;
            }
        }
    }

    /** Nearest-rank percentile of a sorted array; -1 if empty. */
    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    static double ms(long nanos) {
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                usage("unexpected argument " + a);
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                usage("missing value for --" + key);
                return opts;
            }
            opts.put(key, value);
        }
        return opts;
    }

    static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            usage("--" + key + " is required");
        }
        return v;
    }

    static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java bench/LoadGen.java --url URL --body JSON|@file [--concurrency N] [--requests N] [--warmup N] [--label S] [--timeout-s S] [--header 'Name: value'] [--snapshot-url URL --snapshot-out PREFIX]");
        System.exit(2);
    }
}
