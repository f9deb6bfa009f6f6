package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.cache.ParaphraseSet.Label;
import dev.caravan.cache.ParaphraseSet.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The semantic cache's decision — similarity ≥ the default threshold AND the {@link SemanticGuard},
 * standard and strict — on the held-out paraphrase sets: how many true paraphrases it serves from
 * the cache, and how many near misses it wrongly serves (aim: under 1 %). Each set was written
 * blind by someone who saw neither the guard nor the other sets and was measured once before the
 * guard was changed after it; those first figures (docs/benchmarks.md) were 4.3, 3.8, 4.4, 4.8 and
 * 3.2 % for the standard guard on v2–v6, 1.2 % for the strict guard on v6, and 0.8 % (standard)
 * and 0.4 % (strict, the default) on v7, the last. The assertions hold every set to its current
 * count, so that a change to the guard can only make false hits fewer; the hit rate is reported,
 * not asserted.
 */
class SemanticCacheEvaluationTest {

    @Test
    void false_hits_on_the_first_held_out_set_stay_at_most_as_measured() throws Exception {
        evaluate("paraphrases.jsonl (seen: the order and and/or rules were added after its false hits)", ParaphraseSet.load(), 0, 0);
    }

    @Test
    void false_hits_on_the_second_held_out_set_stay_at_most_as_measured() throws Exception {
        evaluate("paraphrases-v2.jsonl (blind when first measured: 7; seen since)", ParaphraseSet.load(ParaphraseSet.RESOURCE_V2), 0, 0);
    }

    @Test
    void false_hits_on_the_third_held_out_set_stay_at_most_as_measured() throws Exception {
        evaluate("paraphrases-v3.jsonl (blind when first measured: 6; seen since)", ParaphraseSet.load(ParaphraseSet.RESOURCE_V3), 1, 0);
    }

    @Test
    void false_hits_on_the_fourth_held_out_set_stay_at_most_as_measured() throws Exception {
        evaluate("paraphrases-v4.jsonl (blind when first measured: 11; seen since)", ParaphraseSet.load(ParaphraseSet.RESOURCE_V4), 3, 1);
    }

    @Test
    void false_hits_on_the_fifth_held_out_set_stay_at_most_as_measured() throws Exception {
        evaluate("paraphrases-v5.jsonl (blind when first measured: standard 12; seen since)",
                ParaphraseSet.load(ParaphraseSet.RESOURCE_V5), 10, 2);
    }

    @Test
    void false_hits_on_the_sixth_held_out_set_stay_at_most_as_measured() throws Exception {
        evaluate("paraphrases-v6.jsonl (blind when first measured: standard 8, strict 3; seen since)",
                ParaphraseSet.load(ParaphraseSet.RESOURCE_V6), 5, 0);
    }

    @Test
    void false_hits_on_the_seventh_held_out_set_stay_at_most_as_measured() throws Exception {
        evaluate("paraphrases-v7.jsonl (blind, measured once)", ParaphraseSet.load(ParaphraseSet.RESOURCE_V7), 2, 1);
    }

    private static void evaluate(String name, List<Pair> pairs, int measuredFalseHits, int measuredStrictFalseHits) {
        var guard = new SemanticGuard();
        double threshold = CacheProperties.defaults().semantic().threshold();
        Map<String, float[]> vectors = ParaphraseSetReport.vectors(pairs);

        int paraphrases = 0, hits = 0, nearMisses = 0, falseHits = 0, embeddingOnlyFalse = 0;
        Map<String, int[]> byCategory = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Pair p : pairs) {
            double similarity = ParaphraseSetReport.dot(vectors.get(p.a()), vectors.get(p.b()));
            boolean served = similarity >= threshold && guard.compatible(guard.fingerprint(p.a()), guard.fingerprint(p.b()));
            int[] c = byCategory.computeIfAbsent(p.label().wire() + "/" + p.category(), k -> new int[2]);
            c[0]++;
            if (served) {
                c[1]++;
            }
            if (p.label() == Label.PARAPHRASE) {
                paraphrases++;
                hits += served ? 1 : 0;
            } else {
                nearMisses++;
                embeddingOnlyFalse += similarity >= threshold ? 1 : 0;
                if (served) {
                    falseHits++;
                    wrong.add(String.format(Locale.ROOT, "%s %.4f %s | %s", p.id(), similarity, p.a(), p.b()));
                }
            }
        }
        System.out.printf(Locale.ROOT, "semantic cache on " + name + ", threshold %.2f: paraphrase hit rate %.3f (%d/%d), "
                        + "near-miss false-hit rate %.3f (%d/%d; embeddings alone %d/%d)%n", threshold, (double) hits / paraphrases,
                hits, paraphrases, (double) falseHits / nearMisses, falseHits, nearMisses, embeddingOnlyFalse, nearMisses);
        int strictHits = 0, strictFalse = 0;
        List<String> strictWrong = new ArrayList<>();
        for (Pair p : pairs) {
            boolean served = ParaphraseSetReport.dot(vectors.get(p.a()), vectors.get(p.b())) >= threshold
                    && guard.compatible(guard.fingerprint(p.a()), guard.fingerprint(p.b()), SemanticGuard.Strictness.STRICT);
            if (served && p.label() == Label.PARAPHRASE) {
                strictHits++;
            } else if (served) {
                strictFalse++;
                strictWrong.add(p.id() + " " + p.a() + " | " + p.b());
            }
        }
        System.out.printf(Locale.ROOT, "  strict guard at %.2f: paraphrase hits %d/%d, false hits %d/%d%n", threshold, strictHits,
                paraphrases, strictFalse, nearMisses);
        strictWrong.forEach(w -> System.out.println("  STRICT FALSE HIT " + w));
        for (double t : new double[] {0.93, 0.95, 0.96, 0.97, 0.98}) {
            int h = 0, f = 0;
            for (Pair p : pairs) {
                boolean served = ParaphraseSetReport.dot(vectors.get(p.a()), vectors.get(p.b())) >= t
                        && guard.compatible(guard.fingerprint(p.a()), guard.fingerprint(p.b()));
                if (served && p.label() == Label.PARAPHRASE) {
                    h++;
                } else if (served) {
                    f++;
                }
            }
            System.out.printf(Locale.ROOT, "  at %.2f with the guard: paraphrase hits %d/%d, false hits %d/%d%n", t, h, paraphrases, f, nearMisses);
        }
        byCategory.forEach((k, c) -> System.out.printf(Locale.ROOT, "  %-28s served %d/%d%n", k, c[1], c[0]));
        wrong.forEach(w -> System.out.println("  FALSE HIT " + w));

        assertThat(paraphrases).isGreaterThanOrEqualTo(100);
        assertThat(nearMisses).isGreaterThanOrEqualTo(100);
        assertThat(falseHits).as("false hits (aim: under 1 %% of %d)", nearMisses).isLessThanOrEqualTo(measuredFalseHits);
        assertThat(strictFalse).as("false hits of the strict guard (aim: under 1 %% of %d)", nearMisses)
                .isLessThanOrEqualTo(measuredStrictFalseHits);
    }

}
