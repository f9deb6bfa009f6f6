package dev.caravan.budget;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The budgets of {@code caravan.budgets.limits}, looked up in maps built once at start-up. For
 * each scope the subject names, a budget declared for that name applies; for each period without
 * one, a {@code "*"} budget applies under the subject's own name (a counter per key, tenant...).
 * {@link LayeredBudgets} builds one of these, from the configured and stored budgets together,
 * for every snapshot it swaps in.
 *
 * <p>A name longer than a counter name can be ({@value Budget#MAX_NAME_LENGTH} characters, e.g. a
 * caller's task) is cut to that length for {@code "*"} budgets: such names may then share a
 * counter, but none escapes its budget.
 */
public class ConfiguredBudgets implements BudgetSource {

    private final Map<BudgetScope, Map<String, List<Budget>>> named = new EnumMap<>(BudgetScope.class);
    private final Map<BudgetScope, List<BudgetProperties.Limit>> everyName = new EnumMap<>(BudgetScope.class);
    private final boolean empty;

    public ConfiguredBudgets(BudgetProperties properties) {
        this(properties.limits());
    }

    /** @param limits checked and at most one per scope, name and period (as {@link BudgetProperties} ensures) */
    public ConfiguredBudgets(List<BudgetProperties.Limit> limits) {
        for (BudgetProperties.Limit limit : limits) {
            if (limit.everyName()) {
                everyName.computeIfAbsent(limit.scope(), s -> new ArrayList<>()).add(limit);
            } else {
                named.computeIfAbsent(limit.scope(), s -> new HashMap<>())
                        .computeIfAbsent(limit.name(), n -> new ArrayList<>()).add(limit.budgetFor(limit.name()));
            }
        }
        empty = limits.isEmpty();
    }

    /** True when no budget is declared: every request gets an empty list. */
    public boolean isEmpty() {
        return empty;
    }

    @Override
    public List<Budget> named() {
        List<Budget> all = new ArrayList<>();
        named.values().forEach(byName -> byName.values().forEach(all::addAll));
        return all;
    }

    @Override
    public List<Budget> budgetsFor(BudgetSubject subject) {
        if (empty) {
            return List.of();
        }
        List<Budget> budgets = new ArrayList<>(4);
        for (BudgetScope scope : BudgetScope.values()) {
            String name = subject.name(scope);
            if (name == null || name.isBlank()) {
                continue;
            }
            List<Budget> exact = named.getOrDefault(scope, Map.of()).getOrDefault(name, List.of());
            budgets.addAll(exact);
            List<BudgetProperties.Limit> templates = everyName.get(scope);
            if (templates == null) {
                continue;
            }
            Set<BudgetPeriod> covered = EnumSet.noneOf(BudgetPeriod.class);
            exact.forEach(budget -> covered.add(budget.period()));
            for (BudgetProperties.Limit template : templates) {
                if (!covered.contains(template.period())) {
                    budgets.add(template.budgetFor(name.length() > Budget.MAX_NAME_LENGTH
                            ? name.substring(0, Budget.MAX_NAME_LENGTH) : name));
                }
            }
        }
        return budgets;
    }
}
