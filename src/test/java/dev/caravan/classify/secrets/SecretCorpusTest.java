package dev.caravan.classify.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-type recall, precision and false-positive rate of the secret detectors over
 * {@code classify/corpus-secrets.jsonl}, counted per prompt: a prompt is positive for a type when
 * the type is in its {@code expected} set, and predicted positive when the classifier reports the
 * type anywhere in it (after overlap resolution).
 */
class SecretCorpusTest {

    private static final String CORPUS = "/classify/corpus-secrets.jsonl";
    private static final Set<FindingType> TYPES = EnumSet.of(FindingType.PRIVATE_KEY, FindingType.AWS_ACCESS_KEY,
            FindingType.AWS_SECRET_KEY, FindingType.GOOGLE_API_KEY, FindingType.GITHUB_TOKEN, FindingType.SLACK_TOKEN,
            FindingType.SLACK_WEBHOOK, FindingType.STRIPE_KEY, FindingType.OPENAI_API_KEY, FindingType.ANTHROPIC_API_KEY,
            FindingType.JWT, FindingType.PASSWORD, FindingType.CONNECTION_STRING, FindingType.API_KEY,
            FindingType.EXAMPLE_CREDENTIAL);
    private static final double MIN_RECALL = 0.95;
    private static final double MAX_FPR = 0.03;

    private record Prompt(String id, String text, Set<FindingType> expected, String note) {
    }

    private record Counts(int tp, int fp, int fn, int tn) {
        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }

        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double fpr() {
            return fp + tn == 0 ? 0.0 : (double) fp / (fp + tn);
        }
    }

    private static List<Prompt> prompts;
    private static List<Set<FindingType>> predictions;

    @BeforeAll
    static void classifyCorpus() throws IOException {
        prompts = load();
        Classifier classifier = new Classifier(SecretDetectors.all());
        predictions = new ArrayList<>();
        for (Prompt p : prompts) {
            Set<FindingType> found = EnumSet.noneOf(FindingType.class);
            for (Finding f : classifier.classify(p.text()).findings()) {
                found.add(f.type());
            }
            predictions.add(found);
        }
    }

    private static List<Prompt> load() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Prompt> list = new ArrayList<>();
        try (InputStream in = SecretCorpusTest.class.getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = mapper.readTree(line);
                Set<FindingType> expected = EnumSet.noneOf(FindingType.class);
                node.get("expected").forEach(t -> expected.add(FindingType.valueOf(t.asText())));
                list.add(new Prompt(node.get("id").asText(), node.get("text").asText(), expected,
                        node.path("note").asText("")));
            }
        }
        return list;
    }

    @Test
    void should_be_a_corpus_of_realistic_size_and_balance_when_loaded() {
        assertThat(prompts).hasSizeGreaterThanOrEqualTo(160);
        assertThat(prompts.stream().map(Prompt::id).distinct().count()).isEqualTo(prompts.size());
        long pureNegatives = prompts.stream().filter(p -> p.expected().isEmpty()).count();
        assertThat((double) pureNegatives / prompts.size()).as("share of prompts expecting nothing").isGreaterThanOrEqualTo(0.35);
        for (FindingType type : TYPES) {
            assertThat(prompts.stream().filter(p -> p.expected().contains(type)).count()).as("positives for " + type)
                    .isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void should_reach_recall_and_false_positive_rate_targets_when_classifying_the_corpus() {
        Map<FindingType, Counts> table = new EnumMap<>(FindingType.class);
        for (FindingType type : TYPES) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            int tn = 0;
            for (int i = 0; i < prompts.size(); i++) {
                boolean expected = prompts.get(i).expected().contains(type);
                boolean predicted = predictions.get(i).contains(type);
                if (expected && predicted) {
                    tp++;
                } else if (predicted) {
                    fp++;
                } else if (expected) {
                    fn++;
                } else {
                    tn++;
                }
            }
            table.put(type, new Counts(tp, fp, fn, tn));
        }
        System.out.println(render(table));
        List<String> misses = mismatches();
        misses.forEach(System.out::println);

        Set<String> failing = new HashSet<>();
        table.forEach((type, c) -> {
            if (c.recall() < MIN_RECALL || c.fpr() > MAX_FPR) {
                failing.add(type.name());
            }
        });
        assertThat(failing).as("types below recall %.2f or above FPR %.2f; mismatches:%n%s", MIN_RECALL, MAX_FPR,
                String.join("\n", misses)).isEmpty();
    }

    private static String render(Map<FindingType, Counts> table) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n%-20s %4s %4s %4s %4s %7s %9s %6s%n", "type", "TP", "FP", "FN", "TN",
                "recall", "precision", "FPR"));
        table.forEach((type, c) -> sb.append(String.format(Locale.ROOT, "%-20s %4d %4d %4d %4d %7.3f %9.3f %6.3f%n",
                type, c.tp(), c.fp(), c.fn(), c.tn(), c.recall(), c.precision(), c.fpr())));
        sb.append(String.format(Locale.ROOT, "%d prompts, %d expecting nothing%n", prompts.size(),
                prompts.stream().filter(p -> p.expected().isEmpty()).count()));
        return sb.toString();
    }

    private static List<String> mismatches() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            Prompt p = prompts.get(i);
            Set<FindingType> expected = EnumSet.copyOf(TYPES);
            expected.retainAll(p.expected());
            Set<FindingType> predicted = EnumSet.copyOf(TYPES);
            predicted.retainAll(predictions.get(i));
            if (!expected.equals(predicted)) {
                lines.add("  " + p.id() + " (" + p.note() + "): expected " + expected + ", found " + predicted);
            }
        }
        return lines;
    }
}
