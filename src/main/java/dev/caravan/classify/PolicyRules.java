package dev.caravan.classify;

import dev.caravan.classify.SecurityProperties.LevelPolicy;
import dev.caravan.config.SecurityLevel;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The security policy in effect: the configured policy per sensitivity level
 * ({@code caravan.security.policy}) with the admin API's rules laid over it. A rule applies to
 * every request, to one tenant, to one task, or to one task of one tenant, and overrides the
 * allowed model security levels, the action, or both; what it leaves out comes from the next
 * less specific level. Most specific first:
 *
 * <pre>  tenant+task  →  tenant  →  task  →  global rule  →  configuration</pre>
 *
 * A tenant's rule beats a task's because a tenant's rules are its contract (a customer that must
 * stay on local models stays there whatever the task); a rule for the pair can still say otherwise.
 *
 * <p>The rules are precomputed into an immutable snapshot swapped in one volatile write, so the
 * per-request lookup takes no lock and, while no tenant or task rule exists, no allocation.
 */
public final class PolicyRules {

    private static final Sensitivity[] LEVELS = Sensitivity.values();

    private final Map<Sensitivity, LevelPolicy> configured;
    private volatile Snapshot snapshot;

    public PolicyRules(Map<Sensitivity, LevelPolicy> configured) {
        this.configured = Map.copyOf(configured);
        this.snapshot = snapshot(List.of());
    }

    /**
     * One rule. {@code tenant} and {@code task} null mean any; {@code allowed} and {@code action}
     * null mean "as the next less specific level says". At least one of them is set.
     */
    public record Rule(String tenant, String task, Sensitivity sensitivity, Set<SecurityLevel> allowed,
                       PolicyAction action) {

        public Rule {
            tenant = blankToNull(tenant);
            task = blankToNull(task);
            Objects.requireNonNull(sensitivity, "sensitivity");
            allowed = allowed == null ? null : Set.copyOf(allowed);
            if (allowed == null && action == null) {
                throw new IllegalArgumentException("a policy rule sets the allowed levels, the action, or both");
            }
            if (allowed != null && allowed.isEmpty()) {
                throw new IllegalArgumentException("a policy rule must allow at least one security level"
                        + " (use the action block to refuse requests)");
            }
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /** Replaces the rules; two rules for the same tenant, task and level: the later wins. */
    public void replace(Collection<Rule> rules) {
        snapshot = snapshot(List.copyOf(rules));
    }

    /** The rules in effect, as last given to {@link #replace}. */
    public List<Rule> rules() {
        return snapshot.rules;
    }

    /** The policy per level as configured, without rules. */
    public Map<Sensitivity, LevelPolicy> configured() {
        return configured;
    }

    /** The policy for a level for every request (configuration and global rules). */
    public LevelPolicy policy(Sensitivity sensitivity) {
        return snapshot.global[sensitivity.ordinal()];
    }

    /**
     * The policy for a request of this tenant and task at this level.
     *
     * @param tenant null when the caller is anonymous
     * @param task   null when the request names none
     */
    public LevelPolicy policy(String tenant, String task, Sensitivity sensitivity) {
        Snapshot s = snapshot;
        int level = sensitivity.ordinal();
        LevelPolicy base = s.global[level];
        if (!s.scoped) {
            return base;
        }
        Rule forTask = task == null ? null : at(s.byTask.get(task), level);
        Rule forTenant = tenant == null ? null : at(s.byTenant.get(tenant), level);
        Rule forBoth = tenant == null || task == null || s.byTenantTask.isEmpty() ? null
                : at(s.byTenantTask.get(pair(tenant, task)), level);
        if (forTask == null && forTenant == null && forBoth == null) {
            return base;
        }
        Set<SecurityLevel> allowed = base.allowed();
        PolicyAction action = base.action();
        for (Rule r : new Rule[] {forTask, forTenant, forBoth}) { // least specific first: the last set wins
            if (r != null) {
                allowed = r.allowed() != null ? r.allowed() : allowed;
                action = r.action() != null ? r.action() : action;
            }
        }
        return new LevelPolicy(allowed, action);
    }

    private static Rule at(Rule[] rules, int level) {
        return rules == null ? null : rules[level];
    }

    private Snapshot snapshot(List<Rule> rules) {
        LevelPolicy[] global = new LevelPolicy[LEVELS.length];
        for (Sensitivity s : LEVELS) {
            global[s.ordinal()] = configured.get(s);
        }
        Map<String, Rule[]> byTenant = new HashMap<>();
        Map<String, Rule[]> byTask = new HashMap<>();
        Map<String, Rule[]> byTenantTask = new HashMap<>();
        for (Rule r : rules) {
            int level = r.sensitivity().ordinal();
            if (r.tenant() == null && r.task() == null) {
                LevelPolicy base = global[level];
                global[level] = new LevelPolicy(r.allowed() != null ? r.allowed() : base.allowed(),
                        r.action() != null ? r.action() : base.action());
            } else if (r.task() == null) {
                byTenant.computeIfAbsent(r.tenant(), t -> new Rule[LEVELS.length])[level] = r;
            } else if (r.tenant() == null) {
                byTask.computeIfAbsent(r.task(), t -> new Rule[LEVELS.length])[level] = r;
            } else {
                byTenantTask.computeIfAbsent(pair(r.tenant(), r.task()), t -> new Rule[LEVELS.length])[level] = r;
            }
        }
        return new Snapshot(rules, global, Map.copyOf(byTenant), Map.copyOf(byTask), Map.copyOf(byTenantTask));
    }

    private static String pair(String tenant, String task) {
        return tenant + '\u0000' + task;
    }

    private static final class Snapshot {
        final List<Rule> rules;
        final LevelPolicy[] global;
        final Map<String, Rule[]> byTenant;
        final Map<String, Rule[]> byTask;
        final Map<String, Rule[]> byTenantTask;
        final boolean scoped;

        Snapshot(List<Rule> rules, LevelPolicy[] global, Map<String, Rule[]> byTenant, Map<String, Rule[]> byTask,
                 Map<String, Rule[]> byTenantTask) {
            this.rules = rules;
            this.global = global;
            this.byTenant = byTenant;
            this.byTask = byTask;
            this.byTenantTask = byTenantTask;
            this.scoped = !byTenant.isEmpty() || !byTask.isEmpty() || !byTenantTask.isEmpty();
        }
    }

    /** The effective policy of every level for a tenant and task (either may be null). */
    public Map<Sensitivity, LevelPolicy> effective(String tenant, String task) {
        Map<Sensitivity, LevelPolicy> out = new EnumMap<>(Sensitivity.class);
        for (Sensitivity s : LEVELS) {
            out.put(s, policy(tenant, task, s));
        }
        return out;
    }
}
