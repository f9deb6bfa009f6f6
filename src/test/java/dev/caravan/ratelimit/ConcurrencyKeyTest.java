package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A request's concurrency keys and how they are named. */
class ConcurrencyKeyTest {

    @Test
    void should_give_global_tenant_and_task_in_that_order_when_both_are_known() {
        assertThat(ConcurrencyKey.of("acme", "LLM2_DRAFT")).containsExactly(ConcurrencyKey.GLOBAL,
                new ConcurrencyKey(ConcurrencyScope.TENANT, "acme"), new ConcurrencyKey(ConcurrencyScope.TASK, "LLM2_DRAFT"));
    }

    @Test
    void should_skip_what_is_not_known_when_tenant_or_task_is_null_or_blank() {
        assertThat(ConcurrencyKey.of(null, " ")).containsExactly(ConcurrencyKey.GLOBAL);
        assertThat(ConcurrencyKey.of("", "quiz")).containsExactly(ConcurrencyKey.GLOBAL, ConcurrencyKey.task("quiz"));
        assertThat(ConcurrencyKey.of("acme", null)).containsExactly(ConcurrencyKey.GLOBAL, ConcurrencyKey.tenant("acme"));
    }

    @Test
    void should_describe_a_key_for_the_caller_and_name_it_apart_per_scope_in_redis() {
        assertThat(ConcurrencyKey.tenant("acme").describe()).isEqualTo("tenant 'acme'");
        assertThat(ConcurrencyKey.task("LLM2_DRAFT").describe()).isEqualTo("task 'LLM2_DRAFT'");
        assertThat(ConcurrencyKey.GLOBAL.describe()).isEqualTo("all callers");
        assertThat(ConcurrencyKey.tenant("x").redisKey("p:")).isEqualTo("p:concurrency:tenant:x");
        assertThat(ConcurrencyKey.task("x").redisKey("p:")).isEqualTo("p:concurrency:task:x");
    }

    @Test
    void should_refuse_a_key_without_a_name() {
        assertThatThrownBy(() -> ConcurrencyKey.tenant(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a tenant concurrency key needs a name");
    }
}
