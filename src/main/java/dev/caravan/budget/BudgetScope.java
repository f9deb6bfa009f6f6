package dev.caravan.budget;

import java.util.Locale;

/**
 * Who a budget limits. Each request is charged to every budget that applies to it: its virtual
 * key, its user, its tenant and its task, each as far as known.
 *
 * <p>Names are taken as they are: a user budget named {@code alice} counts Alice's requests in
 * every tenant. Where user ids are only unique within a tenant, the stage that builds the
 * {@link BudgetSubject} should qualify them ({@code acme/alice}).
 */
public enum BudgetScope {
    KEY, USER, TENANT, TASK;

    /** The lower-case id used in the database, configuration and messages. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown id */
    public static BudgetScope parse(String id) {
        for (BudgetScope scope : values()) {
            if (scope.id().equalsIgnoreCase(id)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown budget scope '" + id + "' (key, user, tenant or task)");
    }
}
