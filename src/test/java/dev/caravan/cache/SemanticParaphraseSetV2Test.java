package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.cache.ParaphraseSet.Label;
import dev.caravan.cache.ParaphraseSet.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        System.out.println(ParaphraseSetReport.embeddingsAlone("held-out set 2 (paraphrases-v2.jsonl)", ParaphraseSet.load(ParaphraseSet.RESOURCE_V2), THRESHOLDS));
    }
}
