package dev.caravan.cache;

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
 * Cost of {@link SemanticGuard} on the lookup path: the fingerprint of a 2 KB prompt (prose with
 * numbers, names, code identifiers, a quote and a code block) and one compatibility check between
 * two such fingerprints. Target: fingerprint well under 100 µs. Run with JMH, e.g.
 * {@code org.openjdk.jmh.Main SemanticGuardBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SemanticGuardBenchmark {

    private final SemanticGuard guard = new SemanticGuard();
    private String prompt;
    private String stored;
    private String lookup;
    private String paraphrase;

    @Setup
    public void setUp() {
        prompt = prompt2k("Paris");
        stored = guard.fingerprint(prompt);
        lookup = guard.fingerprint(prompt2k("Rome"));
        paraphrase = guard.fingerprint("Quick question, " + prompt);
    }

    static String prompt2k(String city) {
        StringBuilder sb = new StringBuilder(2300);
        sb.append("Hi! I'm planning a 10-day trip from Berlin to ").append(city)
                .append(" in May with a budget of $2,500 and I don't want to fly more than 4 hours.\n")
                .append("Our script `fetchFlights(origin, destination)` calls the API at https://api.example.com/v2/flights ")
                .append("and returns JSON, but when I convert 300 EUR to USD it prints 0.5 instead of 325.5:\n")
                .append("```python\ndef convert(amount, rate):\n    return amount / rate  # should be amount * rate\n```\n")
                .append("Please explain the bug, list the cheapest three hotels near the Louvre in a table, and ")
                .append("translate 'where is the train station?' into French. ");
        while (sb.length() < 2048) {
            sb.append("We would also like vegetarian restaurants that are not too expensive, open after 10 pm, ")
                    .append("and at least two museums we can visit in one afternoon without a car. ");
        }
        return sb.substring(0, 2048);
    }

    @Benchmark
    public String fingerprint2k() {
        return guard.fingerprint(prompt);
    }

    @Benchmark
    public boolean compatible2k() {
        return guard.compatible(stored, lookup);
    }

    /** The dearest check: a paraphrase that passes every rule, the strict one included. */
    @Benchmark
    public boolean compatibleStrictPassing2k() {
        return guard.compatible(stored, paraphrase, SemanticGuard.Strictness.STRICT);
    }
}
