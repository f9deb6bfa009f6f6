package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.ratelimit.RateLimitProperties.Rule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Binding and validation of {@code caravan.rate-limits}, and the limiter chosen from it. */
class RateLimitPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(RateLimitConfiguration.class)
            .withPropertyValues("spring.main.banner-mode=off");

    @Test
    void should_limit_nothing_and_count_in_memory_when_nothing_is_configured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            RateLimitProperties properties = context.getBean(RateLimitProperties.class);
            assertThat(properties).isEqualTo(RateLimitProperties.defaults());
            assertThat(properties.failOpen()).isTrue();
            assertThat(properties.limitsAnything()).isFalse();
            for (LimitScope scope : LimitScope.values()) {
                assertThat(properties.rule(scope)).isEqualTo(Rule.none());
                assertThat(properties.overrides(scope)).isEmpty();
            }
            assertThat(properties.redis().configured()).isFalse();
            assertThat(properties.redis().keyPrefix()).isEqualTo("caravan:ratelimit:");
            assertThat(properties.redis().timeout()).isEqualTo(Duration.ofMillis(100));
            assertThat(properties.redis().retryInterval()).isEqualTo(Duration.ofSeconds(5));

            RateLimiter limiter = context.getBean(RateLimiter.class);
            assertThat(limiter).isInstanceOf(InMemoryRateLimiter.class);
            assertThat(limiter.check(RateLimitKeys.of("acme", "k1", "bob", "openai"), 1_000_000).headers()).isEmpty();
        });
    }

    @Test
    void should_limit_nothing_with_the_shipped_application_yaml() {
        runner.withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("CARAVAN_RATE_LIMITS_REDIS_URL=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RateLimitProperties properties = context.getBean(RateLimitProperties.class);
                    assertThat(properties).isEqualTo(RateLimitProperties.defaults());
                });
    }

    @Test
    void should_bind_every_setting_when_configured() {
        runner.withPropertyValues(
                        "caravan.rate-limits.fail-open=false",
                        "caravan.rate-limits.global.requests-per-minute=3000",
                        "caravan.rate-limits.tenant.requests-per-minute=600",
                        "caravan.rate-limits.tenant.requests-per-hour=20000",
                        "caravan.rate-limits.tenant.tokens-per-minute=400000",
                        "caravan.rate-limits.tenant.burst=100",
                        "caravan.rate-limits.key.requests-per-minute=60",
                        "caravan.rate-limits.key.tokens-per-minute=100000",
                        "caravan.rate-limits.key.token-burst=20000",
                        "caravan.rate-limits.user.requests-per-minute=30",
                        "caravan.rate-limits.provider.tokens-per-minute=800000",
                        "caravan.rate-limits.tenant-overrides.acme.requests-per-minute=3000",
                        "caravan.rate-limits.key-overrides.k-batch.requests-per-hour=100",
                        "caravan.rate-limits.user-overrides.[acme/bob].requests-per-minute=120",
                        "caravan.rate-limits.provider-overrides.openai.tokens-per-minute=2000000",
                        "caravan.rate-limits.redis.key-prefix={rl}:",
                        "caravan.rate-limits.redis.timeout=50ms",
                        "caravan.rate-limits.redis.retry-interval=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RateLimitProperties p = context.getBean(RateLimitProperties.class);
                    assertThat(p.failOpen()).isFalse();
                    assertThat(p.global()).isEqualTo(new Rule(3000L, null, null, null, null));
                    assertThat(p.tenant()).isEqualTo(new Rule(600L, 20_000L, 400_000L, 100L, null));
                    assertThat(p.key()).isEqualTo(new Rule(60L, null, 100_000L, null, 20_000L));
                    assertThat(p.user()).isEqualTo(new Rule(30L, null, null, null, null));
                    assertThat(p.provider()).isEqualTo(new Rule(null, null, 800_000L, null, null));
                    assertThat(p.tenantOverrides()).isEqualTo(Map.of("acme", new Rule(3000L, 20_000L, 400_000L, 100L, null)));
                    assertThat(p.keyOverrides()).isEqualTo(Map.of("k-batch", new Rule(60L, 100L, 100_000L, null, 20_000L)));
                    assertThat(p.userOverrides()).isEqualTo(Map.of("acme/bob", new Rule(120L, null, null, null, null)));
                    assertThat(p.providerOverrides()).isEqualTo(Map.of("openai", new Rule(null, null, 2_000_000L, null, null)));
                    assertThat(p.redis()).isEqualTo(new RateLimitProperties.Redis("", "{rl}:", Duration.ofMillis(50),
                            Duration.ofSeconds(1)));
                    assertThat(context.getBean(RateLimiter.class)).isInstanceOf(InMemoryRateLimiter.class);
                });
    }

    @Test
    void should_apply_a_bound_override_to_its_name_only() {
        runner.withPropertyValues(
                        "caravan.rate-limits.user.requests-per-minute=1",
                        "caravan.rate-limits.user-overrides.[acme/bob].requests-per-minute=2")
                .run(context -> {
                    RateLimiter limiter = context.getBean(RateLimiter.class);
                    assertThat(limiter.check(RateLimitKeys.of("acme", null, "bob", null), 0).requests().orElseThrow()
                            .limit()).isEqualTo(2);
                    assertThat(limiter.check(RateLimitKeys.of("globex", null, "bob", null), 0).requests().orElseThrow()
                            .limit()).isEqualTo(1);
                });
    }

    @Test
    void should_share_limits_through_redis_when_a_url_is_set_and_something_is_limited() {
        runner.withPropertyValues(
                        "caravan.rate-limits.redis.url=redis://127.0.0.1:1",
                        "caravan.rate-limits.tenant.requests-per-minute=60")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RateLimiter.class)).isInstanceOf(FailoverRateLimiter.class);
                });
    }

    @Test
    void should_stay_off_redis_when_nothing_is_limited_even_with_a_url() {
        runner.withPropertyValues("caravan.rate-limits.redis.url=redis://127.0.0.1:1")
                .run(context -> assertThat(context.getBean(RateLimiter.class)).isInstanceOf(InMemoryRateLimiter.class));
    }

    @Test
    void should_refuse_to_start_when_a_rate_is_not_positive() {
        runner.withPropertyValues("caravan.rate-limits.tenant.requests-per-minute=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("tenant.requestsPerMinute"));
    }

    @Test
    void should_refuse_to_start_when_an_override_rate_is_too_large() {
        runner.withPropertyValues("caravan.rate-limits.key-overrides.k1.tokens-per-minute=2000000000")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("keyOverrides[k1].tokensPerMinute"));
    }

    @Test
    void should_refuse_to_start_when_a_burst_has_no_rate_to_add_to() {
        runner.withPropertyValues("caravan.rate-limits.user.burst=10")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("caravan.rate-limits.user.burst needs caravan.rate-limits.user.requests-per-minute"));
    }

    @Test
    void should_accept_a_burst_in_an_override_when_the_scope_has_the_rate() {
        runner.withPropertyValues(
                        "caravan.rate-limits.tenant.requests-per-minute=60",
                        "caravan.rate-limits.tenant-overrides.acme.burst=40")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RateLimiter limiter = context.getBean(RateLimiter.class);
                    assertThat(limiter.check(RateLimitKeys.of("acme", null, null, null), 0).requests().orElseThrow()
                            .limit()).isEqualTo(100);
                });
    }

    @Test
    void should_refuse_to_start_when_the_redis_url_is_not_one() {
        runner.withPropertyValues("caravan.rate-limits.redis.url=http://user:secret@host")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("caravan.rate-limits.redis.url is not a Redis URL")
                        .hasMessageNotContaining("secret"));
    }

    @Test
    void should_refuse_to_start_when_the_timeout_is_not_positive() {
        runner.withPropertyValues("caravan.rate-limits.redis.timeout=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("caravan.rate-limits.redis.timeout must be positive"));
    }
}
