package dev.caravan.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.classify.personal.PersonalDataDetectors;
import dev.caravan.classify.secrets.SecretDetectors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The whole classifier (every detector, default keywords) over every labelled corpus under
 * {@code classify/corpus-*.jsonl}: per type recall, precision and false-positive rate, judged per
 * prompt (type found or not). Fails below recall 0.95 or above a false-positive rate of 0.03.
 */
class ClassifierCorpusTest {

    static final double MIN_RECALL = 0.95;
    static final double MAX_FALSE_POSITIVE_RATE = 0.03;

    record Sample(String id, String text, Set<FindingType> expected) {
    }

    static List<Sample> corpus;
    static Classifier classifier;

    @BeforeAll
    static void load() throws IOException {
        ObjectMapper json = new ObjectMapper();
        corpus = new ArrayList<>();
        for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath:classify/corpus-*.jsonl")) {
            try (InputStream in = file.getInputStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = json.readTree(line);
                    Set<FindingType> expected = EnumSet.noneOf(FindingType.class);
                    node.path("expected").forEach(t -> expected.add(FindingType.valueOf(t.asText())));
                    corpus.add(new Sample(node.path("id").asText(), node.path("text").asText(), expected));
                }
            }
        }
        List<Detector> detectors = new ArrayList<>(SecretDetectors.all());
        detectors.addAll(PersonalDataDetectors.all());
        SecurityProperties defaults = new SecurityProperties(List.of(
                new SecurityProperties.Keyword("confidential", null), new SecurityProperties.Keyword("internal only", null),
                new SecurityProperties.Keyword("do not distribute", null), new SecurityProperties.Keyword("proprietary", null)),
                1.0, null, null);
        detectors.add(new KeywordDetector(defaults.keywords(), defaults.keywordThreshold()));
        classifier = new Classifier(detectors);
    }

    @Test
    void should_hold_recall_and_false_positive_rate_per_type_over_all_corpora() {
        Map<FindingType, int[]> counts = new EnumMap<>(FindingType.class); // tp, fn, fp, tn
        List<String> misses = new ArrayList<>();
        for (Sample sample : corpus) {
            Set<FindingType> found = classifier.classify(sample.text()).types();
            for (FindingType type : FindingType.values()) {
                int[] c = counts.computeIfAbsent(type, t -> new int[4]);
                boolean expected = sample.expected().contains(type);
                boolean detected = found.contains(type);
                if (expected && detected) {
                    c[0]++;
                } else if (expected) {
                    c[1]++;
                    misses.add(sample.id() + " missed " + type);
                } else if (detected) {
                    c[2]++;
                    misses.add(sample.id() + " false " + type);
                } else {
                    c[3]++;
                }
            }
        }

        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%d prompts%n%-20s %5s %5s %5s %8s %9s %6s%n",
                corpus.size(), "type", "pos", "tp", "fp", "recall", "precision", "fpr"));
        List<String> failures = new ArrayList<>();
        counts.forEach((type, c) -> {
            int positives = c[0] + c[1];
            int negatives = c[2] + c[3];
            if (positives == 0 && c[2] == 0) {
                return;
            }
            double recall = positives == 0 ? 1 : (double) c[0] / positives;
            double precision = c[0] + c[2] == 0 ? 1 : (double) c[0] / (c[0] + c[2]);
            double fpr = negatives == 0 ? 0 : (double) c[2] / negatives;
            table.append(String.format(Locale.ROOT, "%-20s %5d %5d %5d %8.3f %9.3f %6.3f%n", type, positives, c[0], c[2],
                    recall, precision, fpr));
            if (recall < MIN_RECALL || fpr > MAX_FALSE_POSITIVE_RATE) {
                failures.add(type + String.format(Locale.ROOT, " recall=%.3f fpr=%.3f", recall, fpr));
            }
        });
        System.out.println(table);
        misses.stream().limit(40).forEach(System.out::println);

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        assertThat(failures).as("types below recall %.2f or above FPR %.2f", MIN_RECALL, MAX_FALSE_POSITIVE_RATE).isEmpty();
    }
}
