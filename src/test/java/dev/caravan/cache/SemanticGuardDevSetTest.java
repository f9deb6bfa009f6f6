package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hit rates of the semantic cache on {@code cache/guard-dev.jsonl} (the tuning set), embedding
 * both prompts of each pair with all-MiniLM-L6-v2: a pair is a hit when the cosine similarity is
 * at least the threshold and, with the guard, the fingerprints are compatible. Paraphrases should
 * hit; near misses ("different") should not. Prints the table and the pairs the guard gets wrong.
 */
class SemanticGuardDevSetTest {

    private static final String DEV_SET = "/cache/guard-dev.jsonl";
    private static final double[] THRESHOLDS = {0.90, 0.93, 0.95};
    private static final double PRODUCTION_THRESHOLD = 0.95;
    private static final double MAX_FALSE_HITS = 0.01;

    private record Pair(String a, String b, boolean paraphrase, String category, double similarity,
            boolean compatible) {
    }

    private record Rates(double paraphraseHits, double falseHits) {
    }

    private static final SemanticGuard GUARD = new SemanticGuard();
    private static List<Pair> pairs;

    @BeforeAll
    static void embedDevSet() throws IOException {
        List<JsonNode> rows = load();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            index.putIfAbsent(row.get("a").asText(), index.size());
            index.putIfAbsent(row.get("b").asText(), index.size());
        }
        EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
        List<TextSegment> segments = index.keySet().stream().map(TextSegment::from).toList();
        List<Embedding> vectors = model.embedAll(segments).content();
        pairs = new ArrayList<>();
        for (JsonNode row : rows) {
            String a = row.get("a").asText();
            String b = row.get("b").asText();
            double similarity = cosine(vectors.get(index.get(a)).vector(), vectors.get(index.get(b)).vector());
            boolean compatible = GUARD.compatible(GUARD.fingerprint(a), GUARD.fingerprint(b));
            pairs.add(new Pair(a, b, row.get("label").asText().equals("paraphrase"), row.get("category").asText(),
                    similarity, compatible));
        }
    }

    private static List<JsonNode> load() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = SemanticGuardDevSetTest.class.getResourceAsStream(DEV_SET);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(mapper.readTree(line));
                }
            }
        }
        return rows;
    }

    private static double cosine(float[] x, float[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return dot / Math.sqrt(nx * ny);
    }

    private static Rates rates(double threshold, boolean guarded) {
        int paraphrases = 0;
        int paraphraseHits = 0;
        int nearMisses = 0;
        int falseHits = 0;
        for (Pair p : pairs) {
            boolean hit = p.similarity() >= threshold && (!guarded || p.compatible());
            if (p.paraphrase()) {
                paraphrases++;
                paraphraseHits += hit ? 1 : 0;
            } else {
                nearMisses++;
                falseHits += hit ? 1 : 0;
            }
        }
        return new Rates((double) paraphraseHits / paraphrases, (double) falseHits / nearMisses);
    }

    @Test
    void should_keep_false_hits_under_one_percent_when_guarded_at_the_production_threshold() {
        // given the embedded dev set
        long paraphrases = pairs.stream().filter(Pair::paraphrase).count();
        System.out.printf(Locale.ROOT, "%nSemantic guard on %s: %d pairs, %d paraphrases, %d near misses%n", DEV_SET,
                pairs.size(), paraphrases, pairs.size() - paraphrases);
        System.out.println("threshold | paraphrase hits: embedding / +guard | near-miss false hits: embedding / +guard");

        // when
        for (double t : THRESHOLDS) {
            Rates alone = rates(t, false);
            Rates guarded = rates(t, true);
            System.out.printf(Locale.ROOT, "  %.2f    |            %5.1f%% / %5.1f%%          |            %5.1f%% / %5.1f%%%n",
                    t, 100 * alone.paraphraseHits(), 100 * guarded.paraphraseHits(), 100 * alone.falseHits(),
                    100 * guarded.falseHits());
        }
        Rates guardOnly = rates(-1, true);
        System.out.printf(Locale.ROOT, "guard alone (any similarity): paraphrases kept %.1f%%, near misses let through %.1f%%%n",
                100 * guardOnly.paraphraseHits(), 100 * guardOnly.falseHits());
        report();

        // then
        Rates production = rates(PRODUCTION_THRESHOLD, true);
        assertThat(production.falseHits()).isLessThan(MAX_FALSE_HITS);
        assertThat(production.paraphraseHits()).isGreaterThan(0.0);
    }

    @Test
    void should_be_symmetric_when_the_two_prompts_swap_places() {
        for (Pair p : pairs) {
            assertThat(GUARD.compatible(GUARD.fingerprint(p.b()), GUARD.fingerprint(p.a())))
                    .as("%s <-> %s", p.a(), p.b()).isEqualTo(p.compatible());
        }
    }

    private static void report() {
        System.out.println("near misses the guard lets through (similarity, category):");
        pairs.stream().filter(p -> !p.paraphrase() && p.compatible()).forEach(p -> System.out.printf(Locale.ROOT,
                "  %.3f %-18s %s  <->  %s%n", p.similarity(), p.category(), oneLine(p.a()), oneLine(p.b())));
        System.out.println("paraphrases the guard rejects (similarity, category):");
        pairs.stream().filter(p -> p.paraphrase() && !p.compatible()).forEach(p -> System.out.printf(Locale.ROOT,
                "  %.3f %-18s %s  <->  %s%n", p.similarity(), p.category(), oneLine(p.a()), oneLine(p.b())));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }
}
