package dev.caravan.ratelimit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits that apply to a request's keys, worked out from {@link RateLimitProperties} once at
 * start-up so that a request costs a map lookup per key, no allocation beyond its result.
 */
public final class RateLimitRules {

    private record ScopeRules(List<RuleTemplate> defaults, Map<String, List<RuleTemplate>> byName) {
    }

    /** A limit without its key: the key is the request's. */
    private record RuleTemplate(LimitKind kind, long rate, long capacity) {
    }

    private final Map<LimitScope, ScopeRules> scopes = new EnumMap<>(LimitScope.class);
    private final boolean any;

    public RateLimitRules(RateLimitProperties properties) {
        for (LimitScope scope : LimitScope.values()) {
            Map<String, List<RuleTemplate>> byName = new HashMap<>();
            properties.overrides(scope).forEach((name, rule) -> byName.put(name, templates(rule)));
            scopes.put(scope, new ScopeRules(templates(properties.rule(scope)), Map.copyOf(byName)));
        }
        this.any = properties.limitsAnything();
    }

    /** Whether any limit is configured at all; when not, checks need not be made. */
    public boolean limitsAnything() {
        return any;
    }

    /** The limits for these keys, in the keys' order; a key given twice counts once. */
    public List<Limit> limitsFor(List<LimitKey> keys) {
        List<Limit> limits = new ArrayList<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i++) {
            LimitKey key = keys.get(i);
            if (keys.subList(0, i).contains(key)) {
                continue;
            }
            ScopeRules rules = scopes.get(key.scope());
            for (RuleTemplate t : rules.byName().getOrDefault(key.name(), rules.defaults())) {
                limits.add(new Limit(key, t.kind(), t.rate(), t.capacity()));
            }
        }
        return limits;
    }

    private static List<RuleTemplate> templates(RateLimitProperties.Rule rule) {
        List<RuleTemplate> templates = new ArrayList<>(3);
        if (rule.requestsPerMinute() != null) {
            long rate = rule.requestsPerMinute();
            templates.add(new RuleTemplate(LimitKind.REQUESTS_PER_MINUTE, rate, rate + orZero(rule.burst())));
        }
        if (rule.requestsPerHour() != null) {
            long rate = rule.requestsPerHour();
            templates.add(new RuleTemplate(LimitKind.REQUESTS_PER_HOUR, rate, rate));
        }
        if (rule.tokensPerMinute() != null) {
            long rate = rule.tokensPerMinute();
            templates.add(new RuleTemplate(LimitKind.TOKENS_PER_MINUTE, rate, rate + orZero(rule.tokenBurst())));
        }
        return List.copyOf(templates);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
