package dev.caravan.cache;

import dev.caravan.redis.SharedRedisConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Binding and validation of {@code caravan.cache}, and the beans chosen from it. */
class CachePropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(CacheConfiguration.class)
            .withPropertyValues("spring.main.banner-mode=off");

    @Test
    void should_use_the_defaults_when_nothing_is_configured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            CacheProperties properties = context.getBean(CacheProperties.class);
            assertThat(properties).isEqualTo(CacheProperties.defaults());
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.ttl()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.maxEntries()).isEqualTo(10_000);
            assertThat(properties.scopePerUser()).isFalse();
            assertThat(properties.cacheNonDeterministic()).isFalse();
            assertThat(properties.semantic().enabled()).as("off until its false hits meet the aim").isFalse();
            assertThat(properties.semantic().threshold()).isEqualTo(0.95);
            assertThat(properties.semantic().maxPerPartition()).isEqualTo(2000);
            assertThat(properties.semantic().candidates()).isEqualTo(5);
            assertThat(properties.redis().configured()).isFalse();
            assertThat(properties.redis().keyPrefix()).isEqualTo("caravan:cache:");
            assertThat(properties.redis().timeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(properties.redis().retryInterval()).isEqualTo(Duration.ofSeconds(5));

            assertThat(context.getBean("responseCache")).isInstanceOf(CaffeineResponseCache.class);
            assertThat(context.getBean("semanticIndex")).isInstanceOf(InMemorySemanticIndex.class);
            assertThat(context).doesNotHaveBean(SharedRedisConnection.class);
        });
    }

    @Test
    void should_bind_every_setting_when_configured() {
        runner.withPropertyValues(
                        "caravan.cache.enabled=false",
                        "caravan.cache.ttl=10m",
                        "caravan.cache.ttl-per-model.[gemini-2.0-flash]=2m",
                        "caravan.cache.ttl-per-task.code=1d",
                        "caravan.cache.scope-per-user=true",
                        "caravan.cache.cache-non-deterministic=true",
                        "caravan.cache.max-entries=50",
                        "caravan.cache.semantic.enabled=false",
                        "caravan.cache.semantic.threshold=0.9",
                        "caravan.cache.semantic.threshold-per-model.sim-small=0.97",
                        "caravan.cache.semantic.threshold-per-task.chat=0.92",
                        "caravan.cache.semantic.max-per-partition=10",
                        "caravan.cache.semantic.candidates=3",
                        "caravan.cache.semantic.guard=standard",
                        "caravan.cache.redis.key-prefix=t:",
                        "caravan.cache.redis.timeout=100ms",
                        "caravan.cache.redis.retry-interval=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CacheProperties p = context.getBean(CacheProperties.class);
                    assertThat(p.enabled()).isFalse();
                    assertThat(p.ttl()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(p.ttlPerModel()).isEqualTo(Map.of("gemini-2.0-flash", Duration.ofMinutes(2)));
                    assertThat(p.ttlPerTask()).isEqualTo(Map.of("code", Duration.ofDays(1)));
                    assertThat(p.scopePerUser()).isTrue();
                    assertThat(p.cacheNonDeterministic()).isTrue();
                    assertThat(p.maxEntries()).isEqualTo(50);
                    assertThat(p.semantic()).isEqualTo(new CacheProperties.Semantic(false, 0.9,
                            Map.of("sim-small", 0.97), Map.of("chat", 0.92), 10, 3, SemanticGuard.Strictness.STANDARD));
                    assertThat(p.redis()).isEqualTo(new CacheProperties.Redis("", "t:",
                            Duration.ofMillis(100), Duration.ofSeconds(1)));
                });
    }

    @Test
    void should_refuse_to_start_when_a_threshold_is_out_of_range() {
        runner.withPropertyValues("caravan.cache.semantic.threshold=1.5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("semantic.threshold");
        });
    }

    @Test
    void should_refuse_to_start_when_a_ttl_is_not_positive() {
        runner.withPropertyValues("caravan.cache.ttl-per-task.code=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("caravan.cache.ttl-per-task.code");
        });
    }

    @Test
    void should_refuse_to_start_without_showing_the_password_when_the_redis_url_is_invalid() {
        runner.withPropertyValues("caravan.cache.redis.url=http://:secret@host").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("caravan.cache.redis.url")
                    .hasMessageNotContaining("secret");
        });
    }

    @Test
    void should_start_degraded_on_the_failover_pair_when_the_configured_redis_is_down() {
        LogCapture logs = new LogCapture();
        runner.withPropertyValues("caravan.cache.redis.url=redis://:secret@127.0.0.1:" + TestPorts.closedPort(),
                        "caravan.cache.redis.retry-interval=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ResponseCache cache = context.getBean("responseCache", ResponseCache.class);
                    assertThat(cache).isInstanceOf(FailoverResponseCache.class);
                    assertThat(context.getBean("semanticIndex")).isInstanceOf(FailoverSemanticIndex.class);
                    assertThat(cache.degraded()).isTrue();
                    assertThat(cache.backend()).isEqualTo("caffeine");
                    assertThat(context.getBean(CacheProperties.class).redis().toString()).doesNotContain("secret");

                    cache.put(new CacheKey("acme", null, "h"), TestAnswers.answer("a"), Duration.ofMinutes(1));
                    assertThat(cache.get(new CacheKey("acme", null, "h"))).isPresent();
                });
        logs.close();
        assertThat(logs.messages()).anyMatch(m -> m.contains("redis://:***@127.0.0.1"))
                .noneMatch(m -> m.contains("secret"));
    }

    @Test
    void should_stay_in_process_when_the_cache_is_disabled_though_redis_is_configured() {
        runner.withPropertyValues("caravan.cache.enabled=false", "caravan.cache.redis.url=redis://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("responseCache")).isInstanceOf(CaffeineResponseCache.class);
                    assertThat(context).doesNotHaveBean(SharedRedisConnection.class);
                });
    }
}
