package dev.caravan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The matcher agrees with Redis's {@code stringmatchlen} (every case below was checked against redis-server 7.0 with KEYS, which matches like SCAN MATCH). */
class RedisGlobTest {

    @ParameterizedTest(name = "''{0}'' matches ''{1}''")
    @CsvSource(delimiter = ' ', value = {
            "* ''",
            "* anything",
            "a* a",
            "a* abc",
            "*c abc",
            "a*c ac",
            "a*c abbbc",
            "a*b*c axxbyyc",
            "?bc abc",
            "a?c abc",
            "[abc]x bx",
            "[^abc]x dx",
            "[a-c]x bx",
            "[c-a]x bx",
            "x[a-c0-9]y x5y",
            "a\\*b a*b",
            "a\\?b a?b",
            "a\\[b a[b",
            "[\\]]x ]x",
            "acme:*:* acme:_:h",
            "acme:%40x:* acme:%40x:h",
            "**a ba",
            "a\\ a\\",
            "[abc b",
            "[a-]x x",
            "[a-]x ]",
            "[\\ \\",
    })
    void should_match_when_the_text_fits_the_pattern(String pattern, String text) {
        assertThat(RedisGlob.compile(pattern).matches(text)).isTrue();
    }

    @ParameterizedTest(name = "''{0}'' does not match ''{1}''")
    @CsvSource(delimiter = ' ', value = {
            "a* ''",
            "a* ba",
            "*c cb",
            "a*c abcd",
            "?bc bc",
            "?bc aabc",
            "[abc]x dx",
            "[^abc]x ax",
            "[a-c]x dx",
            "a\\*b axb",
            "a\\?b axb",
            "[]x x",
            "[]x ]x",
            "acme:* acmex:_:h",
            "acme:* acm:_:h",
            "ABC abc",
            "[abc bb",
            "x[ x[",
            "[a-]x ]x",
    })
    void should_not_match_when_the_text_differs(String pattern, String text) {
        assertThat(RedisGlob.compile(pattern).matches(text)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {"caravan:cache:", "we*rd?[prefix]\\:", "^x"})
    void should_match_only_itself_when_escaped(String prefix) {
        RedisGlob glob = RedisGlob.compile(RedisGlob.escape(prefix) + "*");

        assertThat(glob.matches(prefix + "e:acme:_:h")).isTrue();
        assertThat(glob.matches("x" + prefix)).isFalse();
    }

    @Test
    void should_stay_fast_when_a_pattern_has_many_stars() {
        RedisGlob glob = RedisGlob.compile("*a*a*a*a*a*a*a*a*a*a*a*a*b");
        String text = "a".repeat(5_000);

        long started = System.nanoTime();
        boolean matched = glob.matches(text);

        assertThat(matched).isFalse();
        assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    }
}
