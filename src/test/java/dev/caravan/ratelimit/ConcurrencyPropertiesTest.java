package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Binding and validation of {@code caravan.rate-limits.concurrency}, and the limiter chosen from it. */
class ConcurrencyPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ConcurrencyConfiguration.class)
            .withPropertyValues("spring.main.banner-mode=off");

    @Test
    void should_limit_nothing_and_hold_nothing_when_nothing_is_configured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            ConcurrencyProperties properties = context.getBean(ConcurrencyProperties.class);
            assertThat(properties).isEqualTo(ConcurrencyProperties.defaults());
            assertThat(properties.limitsAnything()).isFalse();
            assertThat(properties.leaseTtl()).isEqualTo(Duration.ofMinutes(10));

            ConcurrencyLimiter limiter = context.getBean("concurrencyLimiter", ConcurrencyLimiter.class);
            assertThat(limiter).isInstanceOf(InMemoryConcurrencyLimiter.class);
            assertThat(limiter.acquire(ConcurrencyKey.of("acme", "quiz")).permit()).isSameAs(Permit.none());
            assertThat(((InMemoryConcurrencyLimiter) limiter).keysHeld()).isZero();
        });
    }

    @Test
    void should_limit_nothing_and_stay_off_redis_with_the_shipped_application_yaml_even_with_a_redis_url() {
        runner.withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("CARAVAN_RATE_LIMITS_REDIS_URL=redis://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ConcurrencyProperties.class)).isEqualTo(ConcurrencyProperties.defaults());
                    assertThat(context.getBean(ConcurrencyLimiter.class)).isInstanceOf(InMemoryConcurrencyLimiter.class);
                });
    }

    @Test
    void should_bind_every_setting_keeping_the_case_of_names_when_configured() {
        runner.withPropertyValues(
                        "caravan.rate-limits.concurrency.global=100",
                        "caravan.rate-limits.concurrency.tenant=20",
                        "caravan.rate-limits.concurrency.task=10",
                        "caravan.rate-limits.concurrency.tenant-overrides.acme=50",
                        "caravan.rate-limits.concurrency.task-overrides.LLM2_DRAFT=2",
                        "caravan.rate-limits.concurrency.lease-ttl=15m")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ConcurrencyProperties p = context.getBean(ConcurrencyProperties.class);
                    assertThat(p).isEqualTo(new ConcurrencyProperties(100, 20, 10, Map.of("acme", 50),
                            Map.of("LLM2_DRAFT", 2), Duration.ofMinutes(15)));
                    assertThat(p.limitOf(ConcurrencyKey.GLOBAL)).isEqualTo(100);
                    assertThat(p.limitOf(ConcurrencyKey.tenant("acme"))).isEqualTo(50);
                    assertThat(p.limitOf(ConcurrencyKey.tenant("globex"))).isEqualTo(20);
                    assertThat(p.limitOf(ConcurrencyKey.task("LLM2_DRAFT"))).isEqualTo(2);
                    assertThat(p.limitOf(ConcurrencyKey.task("llm2_draft"))).isEqualTo(10);
                    assertThat(context.getBean(ConcurrencyLimiter.class)).isInstanceOf(RenewingConcurrencyLimiter.class);
                });
    }

    @Test
    void should_share_permits_through_redis_when_a_url_is_set_and_something_is_limited() {
        runner.withPropertyValues(
                        "caravan.rate-limits.redis.url=redis://127.0.0.1:1",
                        "caravan.rate-limits.concurrency.tenant=20")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ConcurrencyLimiter limiter = context.getBean(ConcurrencyLimiter.class);
                    assertThat(limiter).isInstanceOf(RenewingConcurrencyLimiter.class);
                    ConcurrencyDecision whileUnreachable = limiter.acquire(ConcurrencyKey.of("acme", null));
                    assertThat(whileUnreachable.acquired()).as("fail-open by default").isTrue();
                    limiter.release(whileUnreachable.permit());
                });
    }

    @Test
    void should_refuse_while_redis_is_unreachable_when_rate_limits_fail_closed() {
        runner.withPropertyValues(
                        "caravan.rate-limits.redis.url=redis://127.0.0.1:1",
                        "caravan.rate-limits.fail-open=false",
                        "caravan.rate-limits.concurrency.tenant=20")
                .run(context -> {
                    ConcurrencyDecision refused = context.getBean(ConcurrencyLimiter.class)
                            .acquire(ConcurrencyKey.of("acme", null));
                    assertThat(refused.outcome()).isEqualTo(ConcurrencyDecision.Outcome.UNAVAILABLE);
                    assertThat(refused.message()).isEqualTo("Concurrency limits cannot be checked right now (the shared"
                            + " concurrency store is unreachable). Please try again in 5s.");
                });
    }

    @Test
    void should_fail_start_up_with_a_clear_message_when_a_limit_is_below_one() {
        assertStartFails("caravan.rate-limits.concurrency.tenant=0",
                "caravan.rate-limits.concurrency.tenant must be at least 1 (leave it out for no limit): 0");
        assertStartFails("caravan.rate-limits.concurrency.global=-3",
                "caravan.rate-limits.concurrency.global must be at least 1 (leave it out for no limit): -3");
        assertStartFails("caravan.rate-limits.concurrency.task-overrides.LLM2_DRAFT=0",
                "caravan.rate-limits.concurrency.task-overrides.LLM2_DRAFT must be at least 1");
    }

    @Test
    void should_fail_start_up_with_a_clear_message_when_a_limit_is_not_a_number() {
        assertStartFails("caravan.rate-limits.concurrency.tenant=lots", "caravan.rate-limits.concurrency.tenant");
    }

    @Test
    void should_fail_start_up_with_a_clear_message_when_the_lease_is_too_short() {
        assertStartFails("caravan.rate-limits.concurrency.lease-ttl=500ms",
                "caravan.rate-limits.concurrency.lease-ttl must be at least 1s, and longer than any request: PT0.5S");
    }

    private void assertStartFails(String property, String message) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(message);
        });
    }

    /** Every message down the cause chain: Spring wraps the binding failure twice or more. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
