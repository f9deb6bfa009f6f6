package dev.caravan.ratelimit;

import dev.caravan.ratelimit.RateLimitProperties.Rule;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link RateLimitProperties} for tests: {@code new TestRules().tenant(rpm(10)).properties()}. */
final class TestRules {

    private final Map<LimitScope, Rule> rules = new EnumMap<>(LimitScope.class);
    private final Map<LimitScope, Map<String, Rule>> overrides = new EnumMap<>(LimitScope.class);
    private boolean failOpen = true;

    static Rule rpm(long rate) {
        return new Rule(rate, null, null, null, null);
    }

    static Rule rpm(long rate, long burst) {
        return new Rule(rate, null, null, burst, null);
    }

    static Rule rph(long rate) {
        return new Rule(null, rate, null, null, null);
    }

    static Rule tpm(long rate) {
        return new Rule(null, null, rate, null, null);
    }

    static Rule rule(Long rpm, Long rph, Long tpm, Long burst, Long tokenBurst) {
        return new Rule(rpm, rph, tpm, burst, tokenBurst);
    }

    TestRules global(Rule rule) {
        return set(LimitScope.GLOBAL, rule);
    }

    TestRules tenant(Rule rule) {
        return set(LimitScope.TENANT, rule);
    }

    TestRules key(Rule rule) {
        return set(LimitScope.KEY, rule);
    }

    TestRules user(Rule rule) {
        return set(LimitScope.USER, rule);
    }

    TestRules provider(Rule rule) {
        return set(LimitScope.PROVIDER, rule);
    }

    TestRules override(LimitScope scope, String name, Rule rule) {
        overrides.computeIfAbsent(scope, s -> new HashMap<>()).put(name, rule);
        return this;
    }

    TestRules failClosed() {
        failOpen = false;
        return this;
    }

    RateLimitProperties properties() {
        return new RateLimitProperties(failOpen, rules.get(LimitScope.GLOBAL), rules.get(LimitScope.TENANT),
                rules.get(LimitScope.KEY), rules.get(LimitScope.USER), rules.get(LimitScope.PROVIDER),
                overrides.get(LimitScope.TENANT), overrides.get(LimitScope.KEY), overrides.get(LimitScope.USER),
                overrides.get(LimitScope.PROVIDER), null);
    }

    RateLimitRules build() {
        return new RateLimitRules(properties());
    }

    static List<LimitKey> tenant(String tenant) {
        return List.of(new LimitKey(LimitScope.TENANT, tenant));
    }

    static List<LimitKey> tenantAndKey(String tenant, String key) {
        return List.of(new LimitKey(LimitScope.TENANT, tenant), new LimitKey(LimitScope.KEY, key));
    }

    private TestRules set(LimitScope scope, Rule rule) {
        rules.put(scope, rule);
        return this;
    }
}
