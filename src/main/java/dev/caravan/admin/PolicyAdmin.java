package dev.caravan.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.classify.PolicyAction;
import dev.caravan.classify.PolicyRules;
import dev.caravan.classify.PolicyRules.Rule;
import dev.caravan.classify.SecurityProperties.LevelPolicy;
import dev.caravan.classify.Sensitivity;
import dev.caravan.config.SecurityLevel;
import dev.caravan.gateway.GatewayException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API for the security policy: the configured policy per sensitivity level, the rules
 * laid over it (for every request, a tenant, a task, or a tenant's task; see {@link PolicyRules}
 * for which wins), and what is in effect. {@code PUT} replaces the whole rule set: it is small,
 * and one write is easier to reason about than a patch per rule. Written to {@code policy_rules},
 * announced on the change feed (topic {@value #TOPIC}) and reloaded by every instance.
 */
public class PolicyAdmin {

    /** The change-feed topic of policy changes. */
    public static final String TOPIC = "policy";

    static final String RULES = "rules";
    /** Far more than anyone maintains by hand; bounds the snapshot every request reads. */
    static final int MAX_RULES = 1000;
    static final int MAX_NAME = 255;

    private final PolicyRules rules;
    private final PolicyRuleStore store;
    private final ChangeFeed feed;

    /** @param feed null: changes apply to this instance only (tests) */
    public PolicyAdmin(PolicyRules rules, PolicyRuleStore store, ChangeFeed feed) {
        this.rules = rules;
        this.store = store;
        this.feed = feed;
    }

    public synchronized void reload() {
        rules.replace(store.all());
    }

    /**
     * The configured policy, the stored rules, and the policy in effect for the given tenant and
     * task (both optional; without them, for a request of no tenant and no task).
     */
    public PolicyView get(String tenant, String task) {
        return new PolicyView(levels(rules.configured()), rules.rules().stream().map(PolicyAdmin::view).toList(),
                tenant, task, levels(rules.effective(blankToNull(tenant), blankToNull(task))));
    }

    /**
     * Replaces the rules with the body's {@code {"rules": [...]}}; each rule has a
     * {@code sensitivity}, optionally a {@code tenant} and a {@code task}, and {@code allowed}
     * (model security levels) and/or {@code action} ({@code route}, {@code redact}, {@code block}).
     *
     * @throws GatewayException 400 naming the first bad rule
     */
    public PolicyView put(JsonNode body) {
        RoutingAdminJson.onlyFields(body, Set.of(RULES));
        JsonNode array = body.get(RULES);
        if (array == null || !array.isArray()) {
            throw GatewayException.invalid("'rules' must be an array (empty to remove every rule).", RULES);
        }
        if (array.size() > MAX_RULES) {
            throw GatewayException.invalid("At most " + MAX_RULES + " rules.", RULES);
        }
        List<Rule> parsed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            Rule rule = parse(array.get(i), "rules[" + i + "]");
            if (!seen.add(rule.tenant() + "\u0000" + rule.task() + "\u0000" + rule.sensitivity())) {
                throw GatewayException.invalid("rules[" + i + "] repeats the tenant, task and sensitivity of an"
                        + " earlier rule.", "rules[" + i + "]");
            }
            parsed.add(rule);
        }
        store.replaceAll(parsed);
        ModelAdminSync.announce(feed, TOPIC, "rules", this::reload);
        return get(null, null);
    }

    private static Rule parse(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw GatewayException.invalid(at + " must be an object.", at);
        }
        RoutingAdminJson.onlyFields(node, Set.of("tenant", "task", "sensitivity", "allowed", "action"));
        String tenant = name(node, "tenant", at);
        String task = name(node, "task", at);
        Optional<String> level = RoutingAdminJson.text(node, "sensitivity", 16);
        if (level == null || level.isEmpty()) {
            throw GatewayException.invalid(at + ".sensitivity is required: public, internal, confidential or restricted.",
                    at + ".sensitivity");
        }
        Sensitivity sensitivity = parseEnum(Sensitivity.class, level.get(), at + ".sensitivity",
                "public, internal, confidential or restricted");
        Set<SecurityLevel> allowed = null;
        JsonNode allowedNode = node.get("allowed");
        if (allowedNode != null && !allowedNode.isNull()) {
            if (!allowedNode.isArray() || allowedNode.isEmpty()) {
                throw GatewayException.invalid(at + ".allowed must be a non-empty array of local, private, public"
                        + " (to refuse requests, use the action block).", at + ".allowed");
            }
            allowed = EnumSet.noneOf(SecurityLevel.class);
            for (JsonNode item : allowedNode) {
                if (!item.isTextual()) {
                    throw GatewayException.invalid(at + ".allowed must hold local, private or public.", at + ".allowed");
                }
                allowed.add(parseEnum(SecurityLevel.class, item.asText(), at + ".allowed", "local, private or public"));
            }
        }
        Optional<String> actionText = RoutingAdminJson.text(node, "action", 16);
        PolicyAction action = actionText == null || actionText.isEmpty() ? null
                : parseEnum(PolicyAction.class, actionText.get(), at + ".action", "route, redact or block");
        if (allowed == null && action == null) {
            throw GatewayException.invalid(at + " must set allowed, action, or both.", at);
        }
        return new Rule(tenant, task, sensitivity, allowed, action);
    }

    private static String name(JsonNode node, String field, String at) {
        Optional<String> value;
        try {
            value = RoutingAdminJson.text(node, field, MAX_NAME);
        } catch (GatewayException e) {
            throw GatewayException.invalid(at + ": " + e.getMessage(), at + "." + field);
        }
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (PolicyRuleStore.ANY.equals(value.get())) {
            throw GatewayException.invalid(at + "." + field + ": leave it out (or null) for any " + field
                    + "; '*' is not a name.", at + "." + field);
        }
        return value.get();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String at, String expected) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid(at + " must be " + expected + ".", at);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Map<String, LevelView> levels(Map<Sensitivity, LevelPolicy> policy) {
        Map<String, LevelView> out = new LinkedHashMap<>();
        for (Sensitivity s : Sensitivity.values()) {
            LevelPolicy p = policy.get(s);
            if (p != null) {
                out.put(s.id(), new LevelView(ids(p.allowed()), p.action().name().toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    private static List<String> ids(Set<SecurityLevel> levels) {
        return levels == null ? null : EnumSet.copyOf(levels).stream().map(SecurityLevel::id).toList();
    }

    private static RuleView view(Rule r) {
        return new RuleView(r.tenant(), r.task(), r.sensitivity().id(), r.allowed() == null ? null : ids(r.allowed()),
                r.action() == null ? null : r.action().name().toLowerCase(Locale.ROOT));
    }

    /**
     * @param configured per level as in {@code caravan.security.policy}
     * @param effective  per level for {@code tenant} and {@code task} (null: any)
     */
    public record PolicyView(Map<String, LevelView> configured, List<RuleView> rules, String tenant, String task,
                             Map<String, LevelView> effective) {
    }

    public record LevelView(List<String> allowed, String action) {
    }

    /** A rule; a null tenant or task means any, a null allowed or action means inherited. */
    public record RuleView(String tenant, String task, String sensitivity, List<String> allowed, String action) {
    }
}
