package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.cache.ParaphraseSet.Label;
import dev.caravan.cache.ParaphraseSet.Pair;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The second held-out paraphrase set of the semantic cache ({@link ParaphraseSet#RESOURCE_V2}), written
 * fresh after the first set had been seen by the cache guard's authors, so that it gives an honest number.
 * Checks that the set is well-formed and shares nothing with the first set, then reports, for embeddings
 * alone (all-MiniLM-L6-v2, cosine similarity), the paraphrase hit rate and the near-miss false-hit rate at
 * several thresholds, overall and per category. Only the structure is asserted; the rates are printed.
 */
class SemanticParaphraseSetV2Test {

    static final double[] THRESHOLDS = {0.90, 0.95, 0.97};
    static final int MIN_PAIRS = 220;
    static final int MIN_PER_LABEL = 100;

    @Test
    void should_be_a_well_formed_set_disjoint_from_the_first() throws IOException {
        List<Pair> pairs = ParaphraseSet.load(ParaphraseSet.RESOURCE_V2); // fails on a missing field or an unknown label

        assertThat(pairs).hasSizeGreaterThanOrEqualTo(MIN_PAIRS);
        assertThat(pairs.stream().filter(p -> p.label() == Label.PARAPHRASE)).hasSizeGreaterThanOrEqualTo(MIN_PER_LABEL);
        assertThat(pairs.stream().filter(p -> p.label() == Label.DIFFERENT)).hasSizeGreaterThanOrEqualTo(MIN_PER_LABEL);
        assertThat(pairs).extracting(Pair::id).doesNotHaveDuplicates().allMatch(id -> id.matches("q\\d{3,}"));
        assertThat(pairs).as("pairs whose two prompts are identical").filteredOn(p -> p.a().equals(p.b())).isEmpty();
        assertThat(pairs).as("pairs listed twice").extracting(p -> p.a() + "\u0000" + p.b()).doesNotHaveDuplicates();
        assertThat(pairs).allMatch(p -> p.category().matches("[a-z_]+"), "category is a lower-case word");
        Map<String, Set<Label>> labelsOfCategory = new HashMap<>();
        pairs.forEach(p -> labelsOfCategory.computeIfAbsent(p.category(), c -> new HashSet<>()).add(p.label()));
        assertThat(labelsOfCategory).allSatisfy((category, labels) -> assertThat(labels).as(category).hasSize(1));

        // nothing carried over from the first set: no pair (in either order), and no prompt
        List<Pair> first = ParaphraseSet.load();
        Set<String> firstPairs = new HashSet<>();
        Set<String> firstPrompts = new HashSet<>();
        for (Pair p : first) {
            firstPairs.add(p.a() + "\u0000" + p.b());
            firstPairs.add(p.b() + "\u0000" + p.a());
            firstPrompts.add(p.a());
            firstPrompts.add(p.b());
        }
        assertThat(pairs).as("pairs repeated from the first set")
                .filteredOn(p -> firstPairs.contains(p.a() + "\u0000" + p.b())).isEmpty();
        assertThat(pairs).as("prompts reused from the first set")
                .filteredOn(p -> firstPrompts.contains(p.a()) || firstPrompts.contains(p.b())).isEmpty();

        // the raw lines: exactly the five fields, labels spelt as documented
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ParaphraseSet.RESOURCE_V2)) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                Set<String> fields = new TreeSet<>();
                node.fieldNames().forEachRemaining(fields::add);
                assertThat(fields).as(line).containsExactly("a", "b", "category", "id", "label");
                assertThat(node.get("label").asText()).as(line).isIn("paraphrase", "different");
            }
        }
    }

    @Test
    void should_report_hit_and_false_hit_rates_of_embeddings_alone() {
        List<Pair> pairs = ParaphraseSet.load(ParaphraseSet.RESOURCE_V2);
        EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
        List<String> texts = new ArrayList<>(new LinkedHashSet<>(pairs.stream()
                .flatMap(p -> Stream.of(p.a(), p.b())).toList()));
        List<Embedding> embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        assertThat(embeddings).hasSameSizeAs(texts);
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            vectors.put(texts.get(i), embeddings.get(i).vector());
        }

        List<Scored> scored = pairs.stream().map(p -> new Scored(p, cosine(vectors.get(p.a()), vectors.get(p.b())))).toList();
        System.out.println(report(scored));
    }

    record Scored(Pair pair, double similarity) {
    }

    static String report(List<Scored> scored) {
        List<Scored> paraphrases = scored.stream().filter(s -> s.pair().sameAnswer()).toList();
        List<Scored> nearMisses = scored.stream().filter(s -> !s.pair().sameAnswer()).toList();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nSemantic cache held-out set v2: %d pairs (%d paraphrase, %d different); "
                + "all-MiniLM-L6-v2 cosine, embeddings alone%n", scored.size(), paraphrases.size(), nearMisses.size()));
        out.append(String.format(Locale.ROOT, "%n%-9s %16s %20s%n", "threshold", "paraphrase hit", "near-miss false hit"));
        for (double t : THRESHOLDS) {
            out.append(String.format(Locale.ROOT, "%-9.2f %16s %20s%n", t, rate(paraphrases, t), rate(nearMisses, t)));
        }

        out.append(String.format(Locale.ROOT, "%nper category: share at or above the threshold "
                + "(paraphrase: hit rate, wanted high; different: false-hit rate, wanted low)%n"));
        out.append(String.format(Locale.ROOT, "%-10s %-15s %4s", "label", "category", "n"));
        for (double t : THRESHOLDS) {
            out.append(String.format(Locale.ROOT, " %6.2f", t));
        }
        out.append(String.format(Locale.ROOT, " %6s %6s %6s%n", "min", "mean", "max"));
        Map<String, List<Scored>> byCategory = new LinkedHashMap<>();
        scored.stream()
                .sorted(Comparator.comparing((Scored s) -> s.pair().label()).thenComparing(s -> s.pair().category()))
                .forEach(s -> byCategory.computeIfAbsent(s.pair().label().wire() + "/" + s.pair().category(),
                        k -> new ArrayList<>()).add(s));
        byCategory.forEach((key, group) -> {
            String[] parts = key.split("/", 2);
            out.append(String.format(Locale.ROOT, "%-10s %-15s %4d", parts[0], parts[1], group.size()));
            for (double t : THRESHOLDS) {
                out.append(String.format(Locale.ROOT, " %6.3f", share(group, t)));
            }
            out.append(String.format(Locale.ROOT, " %6.3f %6.3f %6.3f%n",
                    group.stream().mapToDouble(Scored::similarity).min().orElse(0),
                    group.stream().mapToDouble(Scored::similarity).average().orElse(0),
                    group.stream().mapToDouble(Scored::similarity).max().orElse(0)));
        });

        out.append(String.format(Locale.ROOT, "%nnear misses with the highest similarity%n"));
        nearMisses.stream().sorted(Comparator.comparingDouble(Scored::similarity).reversed()).limit(15)
                .forEach(s -> out.append(line(s)));
        out.append(String.format(Locale.ROOT, "%nparaphrases with the lowest similarity%n"));
        paraphrases.stream().sorted(Comparator.comparingDouble(Scored::similarity)).limit(10)
                .forEach(s -> out.append(line(s)));
        return out.toString();
    }

    static String line(Scored s) {
        Pair p = s.pair();
        return String.format(Locale.ROOT, "  %.4f %s %-15s %s  |  %s%n", s.similarity(), p.id(), p.category(),
                abbreviate(p.a()), abbreviate(p.b()));
    }

    static String abbreviate(String text) {
        return text.length() <= 70 ? text : text.substring(0, 67) + "...";
    }

    static String rate(List<Scored> group, double threshold) {
        long at = group.stream().filter(s -> s.similarity() >= threshold).count();
        return String.format(Locale.ROOT, "%.3f (%d/%d)", (double) at / group.size(), at, group.size());
    }

    static double share(List<Scored> group, double threshold) {
        return (double) group.stream().filter(s -> s.similarity() >= threshold).count() / group.size();
    }

    static double cosine(float[] x, float[] y) {
        return dot(x, y) / Math.sqrt(dot(x, x) * dot(y, y));
    }

    static double dot(float[] x, float[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (double) x[i] * y[i];
        }
        return sum;
    }
}
