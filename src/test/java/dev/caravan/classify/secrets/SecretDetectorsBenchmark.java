package dev.caravan.classify.secrets;

import dev.caravan.classify.Classification;
import dev.caravan.classify.Classifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classification cost of the secret detectors: a 2 KB mixed prompt (config, log, prose, one key)
 * and a 100 KB document. Targets with all detectors: 2 KB under 100 µs p50, 100 KB under 5 ms.
 * Run with JMH (the lead's harness), e.g. {@code org.openjdk.jmh.Main SecretDetectorsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SecretDetectorsBenchmark {

    private Classifier classifier;
    private String prompt;
    private String document;

    @Setup
    public void setUp() {
        classifier = new Classifier(SecretDetectors.all());
        prompt = mixedPrompt(2048);
        StringBuilder doc = new StringBuilder(100 * 1024);
        int section = 0;
        while (doc.length() < 100 * 1024) {
            doc.append("\n\n## Section ").append(++section).append('\n').append(mixedPrompt(2048));
        }
        document = doc.substring(0, 100 * 1024);
    }

    /** Config, a stack trace, prose with secret words, references, hashes and one live-looking key. */
    static String mixedPrompt(int length) {
        StringBuilder sb = new StringBuilder(length + 256);
        sb.append("Hi, our deploy to staging fails since this morning. Here is the relevant config and the log.\n\n")
                .append("spring:\n  datasource:\n    url: jdbc:postgresql://db-prod-3.cluster.local:5432/orders\n")
                .append("    username: orders_app\n    password: ${DB_PASSWORD}\n")
                .append("2024-06-10 08:01:58 ERROR o.s.b.SpringApplication - Application run failed\n")
                .append("org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"orders_app\"\n")
                .append("\tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)\n")
                .append("The token for the registry is REGISTRY_TOKEN in the pipeline; api_key = os.environ['WEATHER_KEY'].\n")
                .append("We call the model with max_tokens=1024, temperature=0.2 and a tokenizer from tiktoken.\n")
                .append("Commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3, request id 4bf92f35-77b3-4da6-a3ce-929d0e0e4736.\n")
                .append("export GITHUB_TOKEN=ghp_").append("aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5\n");
        while (sb.length() < length) {
            sb.append("Please keep the answer short and list the steps to rotate the database credentials safely. ");
        }
        return sb.substring(0, length);
    }

    @Benchmark
    public Classification classifyPrompt2k() {
        return classifier.classify(prompt);
    }

    @Benchmark
    public Classification classifyDocument100k() {
        return classifier.classify(document);
    }
}
