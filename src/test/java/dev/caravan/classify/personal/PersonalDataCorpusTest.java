package dev.caravan.classify.personal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.FindingType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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

/**
 * Runs the personal-data detectors over the labelled corpus and measures, per finding type and per
 * prompt (type present or not): recall, precision and false-positive rate.
 */
class PersonalDataCorpusTest {

    private static final String CORPUS = "/classify/corpus-personal.jsonl";
    private static final Set<FindingType> TYPES = EnumSet.of(FindingType.EMAIL, FindingType.PHONE,
            FindingType.CREDIT_CARD, FindingType.IBAN, FindingType.US_SSN, FindingType.NATIONAL_ID,
            FindingType.PASSPORT, FindingType.IP_ADDRESS, FindingType.DATE_OF_BIRTH);
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

    private static List<Prompt> corpus;
    private static Map<FindingType, Counts> counts;
    private static List<String> mistakes;

    @BeforeAll
    static void classifyCorpus() throws IOException {
        corpus = load();
        Classifier classifier = new Classifier(PersonalDataDetectors.all());
        Map<FindingType, int[]> raw = new EnumMap<>(FindingType.class);
        TYPES.forEach(t -> raw.put(t, new int[4]));
        mistakes = new ArrayList<>();
        for (Prompt p : corpus) {
            Set<FindingType> found = EnumSet.noneOf(FindingType.class);
            found.addAll(classifier.classify(p.text()).types());
            for (FindingType t : TYPES) {
                boolean expected = p.expected().contains(t);
                boolean got = found.contains(t);
                int[] c = raw.get(t);
                c[expected ? (got ? 0 : 2) : (got ? 1 : 3)]++;
                if (expected != got) {
                    mistakes.add(String.format("%s %s %s (%s)", p.id(), got ? "unexpected" : "missed", t, p.note()));
                }
            }
        }
        counts = new EnumMap<>(FindingType.class);
        raw.forEach((t, c) -> counts.put(t, new Counts(c[0], c[1], c[2], c[3])));
        print();
    }

    private static List<Prompt> load() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Prompt> prompts = new ArrayList<>();
        try (InputStream in = PersonalDataCorpusTest.class.getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                Set<FindingType> expected = EnumSet.noneOf(FindingType.class);
                node.get("expected").forEach(t -> expected.add(FindingType.valueOf(t.asText())));
                prompts.add(new Prompt(node.get("id").asText(), node.get("text").asText(), expected,
                        node.path("note").asText("")));
            }
        }
        return prompts;
    }

    private static void print() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%nPersonal-data corpus: %d prompts, %d without personal data%n",
                corpus.size(), corpus.stream().filter(p -> p.expected().isEmpty()).count()));
        table.append(String.format(Locale.ROOT, "%-14s %5s %5s %5s %5s %8s %9s %7s%n",
                "type", "TP", "FP", "FN", "TN", "recall", "precision", "FPR"));
        counts.forEach((t, c) -> table.append(String.format(Locale.ROOT, "%-14s %5d %5d %5d %5d %8.3f %9.3f %7.3f%n",
                t, c.tp(), c.fp(), c.fn(), c.tn(), c.recall(), c.precision(), c.fpr())));
        mistakes.forEach(m -> table.append("  ").append(m).append('\n'));
        System.out.println(table);
    }

    @Test
    void should_hold_enough_prompts_when_the_corpus_is_loaded() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(160);
        assertThat(corpus).extracting(Prompt::id).doesNotHaveDuplicates();
        long negatives = corpus.stream().filter(p -> p.expected().isEmpty()).count();
        assertThat((double) negatives / corpus.size()).as("share of hard negatives").isBetween(0.4, 0.6);
        for (FindingType t : TYPES) {
            assertThat(corpus.stream().filter(p -> p.expected().contains(t)).count()).as(t + " positives")
                    .isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void should_keep_recall_at_least_95_percent_when_classifying_the_corpus() {
        assertThat(counts).allSatisfy((type, c) ->
                assertThat(c.recall()).as(type + " recall; mistakes: " + mistakes).isGreaterThanOrEqualTo(MIN_RECALL));
    }

    @Test
    void should_keep_false_positive_rate_at_most_3_percent_when_classifying_the_corpus() {
        assertThat(counts).allSatisfy((type, c) ->
                assertThat(c.fpr()).as(type + " FPR; mistakes: " + mistakes).isLessThanOrEqualTo(MAX_FPR));
    }
}
