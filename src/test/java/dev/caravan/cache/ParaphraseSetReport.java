package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.cache.ParaphraseSet.Pair;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;

/**
 * How embeddings alone (all-MiniLM-L6-v2, cosine similarity) score a paraphrase set: the
 * paraphrase hit rate and the near-miss false-hit rate at several thresholds, overall and per
 * category, plus the hardest pairs. Shared by the reports of both held-out sets.
 */
final class ParaphraseSetReport {

    private ParaphraseSetReport() {
    }

    /** Every prompt of the set embedded once, by text. Checks that the model's vectors have length 1 (so cosine is a dot product). */
    static Map<String, float[]> vectors(List<Pair> pairs) {
        EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
        List<String> texts = new ArrayList<>(new LinkedHashSet<>(pairs.stream().flatMap(p -> Stream.of(p.a(), p.b())).toList()));
        List<Embedding> embeddings = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        assertThat(embeddings).hasSameSizeAs(texts);
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            float[] v = embeddings.get(i).vector();
            assertThat(Math.sqrt(dot(v, v))).as("norm of the vector of " + texts.get(i)).isCloseTo(1.0, Offset.offset(1e-3));
            vectors.put(texts.get(i), v);
        }
        return vectors;
    }

    /** The report of embeddings alone on {@code pairs}, for printing. */
    static String embeddingsAlone(String name, List<Pair> pairs, double[] thresholds) {
        Map<String, float[]> vectors = vectors(pairs);
        double minNorm = Double.MAX_VALUE;
        double maxNorm = 0;
        for (float[] v : vectors.values()) {
            double norm = Math.sqrt(dot(v, v));
            minNorm = Math.min(minNorm, norm);
            maxNorm = Math.max(maxNorm, norm);
        }
        List<Scored> scored = pairs.stream().map(p -> new Scored(p, cosine(vectors.get(p.a()), vectors.get(p.b())))).toList();
        return report(name, scored, thresholds, vectors.values().iterator().next().length, minNorm, maxNorm);
    }

    private record Scored(Pair pair, double similarity) {
    }

    private static String report(String name, List<Scored> scored, double[] thresholds, int dimension, double minNorm, double maxNorm) {
        List<Scored> paraphrases = scored.stream().filter(s -> s.pair().sameAnswer()).toList();
        List<Scored> nearMisses = scored.stream().filter(s -> !s.pair().sameAnswer()).toList();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nSemantic cache, " + name + ": %d pairs (%d paraphrase, %d different); "
                + "all-MiniLM-L6-v2, %d dimensions, vector norms %.5f..%.5f; embeddings alone%n",
                scored.size(), paraphrases.size(), nearMisses.size(), dimension, minNorm, maxNorm));

        out.append(String.format(Locale.ROOT, "%n%-9s %16s %20s%n", "threshold", "paraphrase hit", "near-miss false hit"));
        for (double t : thresholds) {
            out.append(String.format(Locale.ROOT, "%-9.2f %16s %20s%n", t, rate(paraphrases, t), rate(nearMisses, t)));
        }

        out.append(String.format(Locale.ROOT, "%nper category: share of pairs at or above the threshold "
                + "(paraphrase: hit rate, wanted high; different: false-hit rate, wanted low)%n"));
        out.append(String.format(Locale.ROOT, "%-10s %-14s %4s", "label", "category", "n"));
        for (double t : thresholds) {
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
            out.append(String.format(Locale.ROOT, "%-10s %-14s %4d", parts[0], parts[1], group.size()));
            for (double t : thresholds) {
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

    private static String line(Scored s) {
        Pair p = s.pair();
        return String.format(Locale.ROOT, "  %.4f %s %-13s %s  |  %s%n", s.similarity(), p.id(), p.category(),
                abbreviate(p.a()), abbreviate(p.b()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 70 ? text : text.substring(0, 67) + "...";
    }

    private static String rate(List<Scored> group, double threshold) {
        long at = group.stream().filter(s -> s.similarity() >= threshold).count();
        return String.format(Locale.ROOT, "%.3f (%d/%d)", (double) at / group.size(), at, group.size());
    }

    private static double share(List<Scored> group, double threshold) {
        return (double) group.stream().filter(s -> s.similarity() >= threshold).count() / group.size();
    }

    private static double cosine(float[] x, float[] y) {
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
