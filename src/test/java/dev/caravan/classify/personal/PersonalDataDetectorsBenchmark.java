package dev.caravan.classify.personal;

import dev.caravan.classify.Classification;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.Detector;
import dev.caravan.classify.secrets.SecretDetectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Classification cost of a 2 KB prompt (target: under 100 µs p50) and a 100 KB document (target:
 * under 5 ms) with the personal-data detectors alone and with every built-in detector. Run with
 * {@code main} from the test classpath, or through the JMH runner:
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main PersonalDataDetectorsBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PersonalDataDetectorsBenchmark {

    @Param({"personal", "all"})
    public String detectors;

    private Classifier classifier;
    private String prompt;
    private String document;

    @Setup
    public void setUp() {
        List<Detector> list = new ArrayList<>();
        if ("all".equals(detectors)) {
            list.addAll(SecretDetectors.all());
        }
        list.addAll(PersonalDataDetectors.all());
        classifier = new Classifier(list);
        prompt = promptText();
        document = documentText();
    }

    @Benchmark
    public Classification prompt2k() {
        return classifier.classify(prompt);
    }

    @Benchmark
    public Classification document100k() {
        return classifier.classify(document);
    }

    /** A 2 KB support prompt: prose with an e-mail, a phone number, an IP, ids, versions, dates and amounts. */
    static String promptText() {
        String base = "Hi support team,\n\nI'm writing on behalf of our customer Laura Becker regarding ticket "
                + "2024-03-1234. She contacted us from laura.becker@gmail.com and said the invoice INV-20240312-0042 "
                + "for order 88231 was charged twice. Her phone is (415) 555-2671 and she prefers to be called after "
                + "5pm. The payment log shows version 10.2.3.4 of the billing service processed the request at "
                + "2024-03-12T14:22:01Z from 93.184.216.34 with status=approved amount=49.90. We run release 4.17.21 "
                + "of the client library, and the retry happened 1710243312 seconds after epoch.\n\n"
                + "Could you draft a reply that apologises, explains that the duplicate charge will be refunded within "
                + "5-7 business days, and offers a 10% discount code for the next month? Please keep the tone friendly "
                + "but professional, mention the ticket number, and avoid promising anything about the delivery date "
                + "of the replacement part (SKU 4410-22-B).\n\nAlso summarise the root cause for the engineering "
                + "channel: the idempotency key was not forwarded by the gateway when the upstream timed out after "
                + "30 s, so the second attempt was treated as a new payment. The fix is in PR 4812 and will ship with "
                + "the next deploy on Thursday. Add a short checklist for the on-call engineer: verify the gateway "
                + "config, replay the failed webhook, confirm the refund in the dashboard, and close the incident.\n\n"
                + "Thanks a lot,\nMarco\nCustomer Operations\n";
        StringBuilder sb = new StringBuilder(base);
        while (sb.length() < 2048) {
            sb.append("Additional context: the customer has been with us since 2019 and has 3 active plans. ");
        }
        return sb.substring(0, 2048);
    }

    /** A 100 KB document: application logs, access logs with client IPs, CSV rows with e-mails, prose and code. */
    static String documentText() {
        StringBuilder sb = new StringBuilder(110_000);
        Random r = new Random(1);
        int i = 0;
        while (sb.length() < 100_000) {
            switch (i++ % 5) {
                case 0 -> sb.append("2024-03-12 14:22:").append(10 + r.nextInt(50)).append(" INFO [worker-")
                        .append(r.nextInt(16)).append("] request id=").append(Math.abs(r.nextLong())).append(" took ")
                        .append(r.nextInt(900)).append(" ms status=200 path=/api/v1/orders/").append(r.nextInt(100000))
                        .append('\n');
                case 1 -> sb.append("The quarterly report covers revenue, churn and hiring across all regions; "
                        + "numbers are preliminary and subject to change.\n");
                case 2 -> sb.append(1 + r.nextInt(222)).append('.').append(r.nextInt(255)).append('.')
                        .append(r.nextInt(255)).append('.').append(1 + r.nextInt(254))
                        .append(" - - [12/Mar/2024:14:22:01 +0000] \"GET /index.html HTTP/1.1\" 200 ")
                        .append(r.nextInt(90000)).append('\n');
                case 3 -> sb.append("id,name,email,amount\n").append(r.nextInt(10000)).append(",User ").append(i)
                        .append(",user").append(i).append("@example.org,").append(r.nextInt(1000)).append('.')
                        .append(r.nextInt(99)).append('\n');
                default -> sb.append("    public int compute(int x) { return x * ").append(r.nextInt(1000))
                        .append(" + offset; } // v1.").append(r.nextInt(20)).append('.').append(r.nextInt(9))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(PersonalDataDetectorsBenchmark.class.getSimpleName()).build()).run();
    }
}
