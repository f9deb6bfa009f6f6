package dev.caravan.cache;

import static dev.caravan.cache.TestAnswers.answer;
import static dev.caravan.cache.TestAnswers.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CaffeineResponseCacheTest {

    private final FakeTicker ticker = new FakeTicker();
    private final CaffeineResponseCache cache = new CaffeineResponseCache(1_000, ticker);

    @Test
    void should_return_the_stored_answer_when_the_key_matches() {
        cache.put(key("acme", null, "h1"), answer("hello"), Duration.ofMinutes(5));

        assertThat(cache.get(key("acme", null, "h1"))).contains(answer("hello"));
        assertThat(cache.get(key("acme", null, "h2"))).isEmpty();
        assertThat(cache.get(key("acme", "bob", "h1"))).isEmpty();
        assertThat(cache.get(key("other", null, "h1"))).isEmpty();
        assertThat(cache.entries()).isEqualTo(1);
        assertThat(cache.backend()).isEqualTo("caffeine");
        assertThat(cache.degraded()).isFalse();
    }

    @Test
    void should_expire_each_entry_after_its_own_ttl_when_time_passes() {
        cache.put(key("acme", null, "short"), answer("s"), Duration.ofMinutes(1));
        cache.put(key("acme", null, "long"), answer("l"), Duration.ofHours(1));

        ticker.advance(Duration.ofSeconds(59));
        assertThat(cache.get(key("acme", null, "short"))).isPresent();

        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.get(key("acme", null, "short"))).isEmpty();
        assertThat(cache.get(key("acme", null, "long"))).isPresent();
        assertThat(cache.entries()).isEqualTo(1);

        ticker.advance(Duration.ofHours(1));
        assertThat(cache.get(key("acme", null, "long"))).isEmpty();
        assertThat(cache.entries()).isZero();
    }

    @Test
    void should_not_extend_the_ttl_when_an_entry_is_read() {
        cache.put(key("acme", null, "h"), answer("a"), Duration.ofMinutes(1));

        for (int i = 0; i < 5; i++) {
            ticker.advance(Duration.ofSeconds(20));
            cache.get(key("acme", null, "h"));
        }

        assertThat(cache.get(key("acme", null, "h"))).isEmpty();
    }

    @Test
    void should_take_the_new_ttl_when_an_entry_is_stored_again() {
        cache.put(key("acme", null, "h"), answer("old"), Duration.ofMinutes(1));
        cache.put(key("acme", null, "h"), answer("new"), Duration.ofMinutes(10));

        ticker.advance(Duration.ofMinutes(5));

        assertThat(cache.get(key("acme", null, "h"))).contains(answer("new"));
    }

    @Test
    void should_store_nothing_when_the_ttl_is_not_positive() {
        cache.put(key("acme", null, "zero"), answer("a"), Duration.ZERO);
        cache.put(key("acme", null, "negative"), answer("a"), Duration.ofSeconds(-1));

        assertThat(cache.entries()).isZero();
    }

    @Test
    void should_keep_at_most_max_entries_when_more_are_stored() {
        CaffeineResponseCache small = new CaffeineResponseCache(10, ticker);

        IntStream.range(0, 100).forEach(i -> small.put(key("acme", null, "h" + i), answer("a"), Duration.ofHours(1)));

        assertThat(small.entries()).isLessThanOrEqualTo(10);
    }

    @Test
    void should_drop_everything_when_asked_to() {
        fill();

        long dropped = cache.invalidate(CacheInvalidation.everything());

        assertThat(dropped).isEqualTo(6);
        assertThat(cache.entries()).isZero();
    }

    @Test
    void should_drop_only_the_tenants_entries_when_invalidating_a_tenant() {
        fill();

        long dropped = cache.invalidate(new CacheInvalidation("a", null, null));

        assertThat(dropped).isEqualTo(2);
        assertThat(cache.get(key("a", null, "h1"))).isEmpty();
        assertThat(cache.get(key("a", "bob", "h1"))).isEmpty();
        assertThat(cache.get(key("ab", null, "h1"))).isPresent();
        assertThat(cache.get(key("a:b", null, "h1"))).isPresent();
        assertThat(cache.get(key("a*", null, "h1"))).isPresent();
        assertThat(cache.get(key(null, null, "h1"))).isPresent();
    }

    @Test
    void should_drop_only_that_users_entries_when_invalidating_a_tenants_user() {
        fill();

        long dropped = cache.invalidate(new CacheInvalidation("a", "bob", null));

        assertThat(dropped).isEqualTo(1);
        assertThat(cache.get(key("a", "bob", "h1"))).isEmpty();
        assertThat(cache.get(key("a", null, "h1"))).isPresent();
    }

    @Test
    void should_match_the_pattern_within_the_tenant_only_when_a_tenant_is_given() {
        fill();
        cache.put(key("a", null, "h2"), answer("a"), Duration.ofHours(1));

        long dropped = cache.invalidate(new CacheInvalidation("a", null, "*"));
        long droppedByStarPattern = cache.invalidate(new CacheInvalidation("ab", null, "*:*"));

        assertThat(dropped).isEqualTo(3);
        assertThat(droppedByStarPattern).isEqualTo(1);
        assertThat(cache.get(key("a:b", null, "h1"))).isPresent();
        assertThat(cache.get(key("a*", null, "h1"))).isPresent();
        assertThat(cache.entries()).isEqualTo(3);
    }

    @Test
    void should_drop_by_hash_when_a_pattern_names_the_hash() {
        fill();

        long dropped = cache.invalidate(new CacheInvalidation(null, null, "*:*:h1"));

        assertThat(dropped).isEqualTo(6);
    }

    @Test
    void should_drop_the_matching_entries_when_a_bare_pattern_is_given() {
        fill();

        long dropped = cache.invalidate(new CacheInvalidation(null, null, "a*"));

        // a bare pattern is the caller's glob over tenant:user:hash: "a*" covers a, ab, a%3Ab and a%2A
        assertThat(dropped).isEqualTo(5);
        assertThat(cache.get(key(null, null, "h1"))).isPresent();
    }

    /** Tenants whose encoded names start like "a": a, ab, a:b (a%3Ab), a* (a%2A), and none (_). */
    private void fill() {
        for (CacheKey k : new CacheKey[] {key("a", null, "h1"), key("a", "bob", "h1"), key("ab", null, "h1"),
                key("a:b", null, "h1"), key("a*", null, "h1"), key(null, null, "h1")}) {
            cache.put(k, answer("a"), Duration.ofHours(1));
        }
    }
}
