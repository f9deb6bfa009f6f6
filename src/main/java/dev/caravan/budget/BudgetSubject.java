package dev.caravan.budget;

import dev.caravan.gateway.Caller;

/**
 * What a request can be charged to: its virtual key, user, tenant and task, each null when not
 * known (every caller is anonymous in dev mode, so only task budgets can apply there).
 */
public record BudgetSubject(String keyId, String user, String tenant, String task) {

    public static BudgetSubject of(Caller caller, String task) {
        Caller c = caller == null ? Caller.anonymous() : caller;
        return new BudgetSubject(c.keyId(), c.user(), c.tenant(), task);
    }

    /** The name in {@code scope}, or null. */
    public String name(BudgetScope scope) {
        return switch (scope) {
            case KEY -> keyId;
            case USER -> user;
            case TENANT -> tenant;
            case TASK -> task;
        };
    }
}
