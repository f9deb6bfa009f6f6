package dev.caravan.cache;

import static dev.caravan.cache.TestAnswers.key;
import static dev.caravan.cache.TestAnswers.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemorySemanticIndexTest {

    private static final int DIMENSIONS = 8;
    private static final Duration HOUR = Duration.ofHours(1);

    private final FakeTicker ticker = new FakeTicker();
    private final InMemorySemanticIndex index = new InMemorySemanticIndex(100, 10_000, ticker);
    private final SemanticPartition acme = new SemanticPartition("acme", null, "ctx1");

    @Test
    void should_find_the_entries_above_the_threshold_nearest_first() {
        index.add(acme, key("acme", null, "far"), unit(DIMENSIONS, 0, 0.4), "f-far", HOUR);
        index.add(acme, key("acme", null, "near"), unit(DIMENSIONS, 0, 0.1), "f-near", HOUR);
        index.add(acme, key("acme", null, "same"), unit(DIMENSIONS, 0, 0.0), "f-same", HOUR);
        index.add(acme, key("acme", null, "other"), unit(DIMENSIONS, 3, 0.0), "f-other", HOUR);

        List<SemanticCandidate> found = index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 10);

        assertThat(found).extracting(c -> c.key().hash()).containsExactly("same", "near", "far");
        assertThat(found.get(0).similarity()).isCloseTo(1.0, within(1e-6));
        assertThat(found.get(1).similarity()).isCloseTo(Math.cos(0.1), within(1e-6));
        assertThat(found.get(0).fingerprint()).isEqualTo("f-same");
        assertThat(found.get(0).key()).isEqualTo(key("acme", null, "same"));
    }

    @Test
    void should_leave_out_entries_below_the_threshold() {
        index.add(acme, key("acme", null, "far"), unit(DIMENSIONS, 0, 0.5), "f", HOUR);

        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.95, 5)).isEmpty();
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), Math.cos(0.5) - 1e-6, 5)).hasSize(1);
    }

    @Test
    void should_return_at_most_limit_candidates() {
        for (int i = 0; i < 10; i++) {
            index.add(acme, key("acme", null, "h" + i), unit(DIMENSIONS, 0, i * 0.01), "f", HOUR);
        }

        List<SemanticCandidate> found = index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 3);

        assertThat(found).extracting(c -> c.key().hash()).containsExactly("h0", "h1", "h2");
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 0)).isEmpty();
    }

    @Test
    void should_never_compare_across_partitions() {
        SemanticPartition otherContext = new SemanticPartition("acme", null, "ctx2");
        SemanticPartition otherTenant = new SemanticPartition("globex", null, "ctx1");
        SemanticPartition otherUser = new SemanticPartition("acme", "bob", "ctx1");
        index.add(acme, key("acme", null, "h"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);

        assertThat(index.nearest(otherContext, unit(DIMENSIONS, 0, 0.0), 0.5, 5)).isEmpty();
        assertThat(index.nearest(otherTenant, unit(DIMENSIONS, 0, 0.0), 0.5, 5)).isEmpty();
        assertThat(index.nearest(otherUser, unit(DIMENSIONS, 0, 0.0), 0.5, 5)).isEmpty();
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.5, 5)).hasSize(1);
    }

    @Test
    void should_skip_expired_entries_when_their_ttl_has_passed() {
        index.add(acme, key("acme", null, "short"), unit(DIMENSIONS, 0, 0.0), "f", Duration.ofMinutes(1));
        index.add(acme, key("acme", null, "long"), unit(DIMENSIONS, 0, 0.05), "f", HOUR);

        ticker.advance(Duration.ofMinutes(2));

        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5))
                .extracting(c -> c.key().hash()).containsExactly("long");
        assertThat(index.entries()).isEqualTo(1);

        ticker.advance(HOUR);
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).isEmpty();
        assertThat(index.entries()).isZero();
    }

    @Test
    void should_replace_the_entry_when_the_same_key_is_added_again() {
        index.add(acme, key("acme", null, "h"), unit(DIMENSIONS, 0, 0.0), "old", HOUR);
        index.add(acme, key("acme", null, "h"), unit(DIMENSIONS, 2, 0.0), "new", HOUR);

        assertThat(index.entries()).isEqualTo(1);
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).isEmpty();
        assertThat(index.nearest(acme, unit(DIMENSIONS, 2, 0.0), 0.9, 5))
                .extracting(SemanticCandidate::fingerprint).containsExactly("new");
    }

    @Test
    void should_drop_expired_then_oldest_entries_when_the_partition_is_full() {
        InMemorySemanticIndex capped = new InMemorySemanticIndex(3, 10_000, ticker);
        capped.add(acme, key("acme", null, "oldest"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
        capped.add(acme, key("acme", null, "expiring"), unit(DIMENSIONS, 0, 0.0), "f", Duration.ofMinutes(1));
        capped.add(acme, key("acme", null, "second"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
        ticker.advance(Duration.ofMinutes(2));

        capped.add(acme, key("acme", null, "third"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
        assertThat(hashes(capped)).containsExactlyInAnyOrder("oldest", "second", "third");

        capped.add(acme, key("acme", null, "fourth"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
        assertThat(hashes(capped)).containsExactlyInAnyOrder("second", "third", "fourth");
        assertThat(capped.entries()).isEqualTo(3);
    }

    @Test
    void should_evict_whole_partitions_when_all_together_exceed_max_entries() {
        InMemorySemanticIndex bounded = new InMemorySemanticIndex(10, 20, ticker);

        for (int p = 0; p < 50; p++) {
            SemanticPartition partition = new SemanticPartition("acme", null, "ctx" + p);
            for (int i = 0; i < 5; i++) {
                bounded.add(partition, key("acme", null, p + "-" + i), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
            }
        }

        assertThat(bounded.entries()).isLessThanOrEqualTo(20);
    }

    @Test
    void should_drop_the_tenants_or_users_partitions_when_invalidated() {
        SemanticPartition acmeBob = new SemanticPartition("acme", "bob", "ctx1");
        SemanticPartition ab = new SemanticPartition("ab", null, "ctx1");
        SemanticPartition colon = new SemanticPartition("acme:x", null, "ctx1");
        for (SemanticPartition p : List.of(acme, acmeBob, ab, colon)) {
            index.add(p, key(p.tenant(), p.user(), "h1"), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
            index.add(p, key(p.tenant(), p.user(), "h2"), unit(DIMENSIONS, 1, 0.0), "f", HOUR);
        }

        assertThat(index.invalidate(new CacheInvalidation("acme", null, "h1*"))).isZero();
        assertThat(index.invalidate(new CacheInvalidation("acme", "bob", null))).isEqualTo(2);
        assertThat(index.nearest(acmeBob, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).isEmpty();
        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).hasSize(1);

        assertThat(index.invalidate(new CacheInvalidation("acme", null, null))).isEqualTo(2);
        assertThat(index.nearest(ab, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).hasSize(1);
        assertThat(index.nearest(colon, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).hasSize(1);

        assertThat(index.invalidate(CacheInvalidation.everything())).isEqualTo(4);
        assertThat(index.entries()).isZero();
    }

    @Test
    void should_keep_a_copy_when_the_caller_reuses_its_vector() {
        float[] vector = unit(DIMENSIONS, 0, 0.0);
        index.add(acme, key("acme", null, "h"), vector, "f", HOUR);

        vector[0] = 0;
        vector[4] = 1;

        assertThat(index.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5)).hasSize(1);
    }

    @Test
    void should_lose_no_entry_when_many_threads_add_to_one_partition() throws Exception {
        InMemorySemanticIndex big = new InMemorySemanticIndex(10_000, 100_000, ticker);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        big.add(acme, key("acme", null, thread + "-" + i), unit(DIMENSIONS, 0, 0.0), "f", HOUR);
                        big.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.9, 5);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(big.entries()).isEqualTo(2_000);
    }

    private List<String> hashes(InMemorySemanticIndex in) {
        return in.nearest(acme, unit(DIMENSIONS, 0, 0.0), 0.5, 100).stream().map(c -> c.key().hash()).toList();
    }
}
