package dev.caravan.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.gateway.Caller;
import org.junit.jupiter.api.Test;

class RateLimitKeysTest {

    @Test
    void should_list_every_known_scope_after_the_global_one() {
        assertThat(RateLimitKeys.of("acme", "k1", "bob", "openai")).containsExactly(
                LimitKey.GLOBAL,
                new LimitKey(LimitScope.TENANT, "acme"),
                new LimitKey(LimitScope.KEY, "k1"),
                new LimitKey(LimitScope.USER, "acme/bob"),
                new LimitKey(LimitScope.PROVIDER, "openai"));
    }

    @Test
    void should_skip_unknown_scopes_and_keep_the_global_one_when_the_caller_is_anonymous() {
        assertThat(RateLimitKeys.of(null, " ", null, null)).containsExactly(LimitKey.GLOBAL);
        assertThat(RateLimitKeys.forCaller(Caller.anonymous())).containsExactly(LimitKey.GLOBAL);
    }

    @Test
    void should_name_a_user_without_tenant_by_itself() {
        assertThat(RateLimitKeys.of(null, null, "bob", null))
                .containsExactly(LimitKey.GLOBAL, new LimitKey(LimitScope.USER, "bob"));
    }

    @Test
    void should_take_tenant_key_and_user_from_a_caller_and_the_provider_apart() {
        assertThat(RateLimitKeys.forCaller(new Caller("acme", "bob", "billing", "k1"))).containsExactly(
                LimitKey.GLOBAL,
                new LimitKey(LimitScope.TENANT, "acme"),
                new LimitKey(LimitScope.KEY, "k1"),
                new LimitKey(LimitScope.USER, "acme/bob"));
        assertThat(RateLimitKeys.forProvider("openai")).containsExactly(new LimitKey(LimitScope.PROVIDER, "openai"));
        assertThat(RateLimitKeys.forProvider(null)).isEmpty();
    }
}
