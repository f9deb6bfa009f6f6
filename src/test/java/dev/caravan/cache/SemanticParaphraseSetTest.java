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
 * The held-out paraphrase set of the semantic cache ({@link ParaphraseSet}): checks that the set is
 * well-formed, then reports, for embeddings alone (all-MiniLM-L6-v2, cosine similarity), how often a
 * paraphrase would be served from the cache (hit rate) and how often a near miss would be (false-hit rate)
 * at several thresholds, overall and per category. Only the structure of the set is asserted; the
 * similarity numbers are reported, not asserted.
 */
class SemanticParaphraseSetTest {

    static final double[] THRESHOLDS = {0.85, 0.90, 0.93, 0.95, 0.97};
    static final int MIN_PAIRS = 240;
    static final int MIN_PER_LABEL = 100;

    @Test
    void should_be_a_well_formed_set() throws IOException {
        List<Pair> pairs = ParaphraseSet.load(); // fails on a missing field or an unknown label

        assertThat(pairs).hasSizeGreaterThanOrEqualTo(MIN_PAIRS);
        assertThat(pairs.stream().filter(p -> p.label() == Label.PARAPHRASE)).hasSizeGreaterThanOrEqualTo(MIN_PER_LABEL);
        assertThat(pairs.stream().filter(p -> p.label() == Label.DIFFERENT)).hasSizeGreaterThanOrEqualTo(MIN_PER_LABEL);
        assertThat(pairs).extracting(Pair::id).doesNotHaveDuplicates().allMatch(id -> id.matches("p\\d{3,}"));
        assertThat(pairs).as("pairs whose two prompts are identical").filteredOn(p -> p.a().equals(p.b())).isEmpty();
        assertThat(pairs).as("pairs listed twice").extracting(p -> p.a() + "\u0000" + p.b()).doesNotHaveDuplicates();
        assertThat(pairs).allMatch(p -> p.category().matches("[a-z_]+"), "category is a lower-case word");
        // a category names a kind of rewording or of change, so it belongs to one label only
        Map<String, Set<Label>> labelsOfCategory = new HashMap<>();
        pairs.forEach(p -> labelsOfCategory.computeIfAbsent(p.category(), c -> new HashSet<>()).add(p.label()));
        assertThat(labelsOfCategory).allSatisfy((category, labels) -> assertThat(labels).as(category).hasSize(1));

        // the raw lines: exactly the five fields, labels spelt as documented
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ParaphraseSet.RESOURCE)) {
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
        System.out.println(ParaphraseSetReport.embeddingsAlone("held-out set 1 (paraphrases.jsonl)", ParaphraseSet.load(), THRESHOLDS));
    }
}
