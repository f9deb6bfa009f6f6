package dev.caravan.budget;

/** What a budget counts: tokens (input plus output) or cost in micro-dollars. */
public enum BudgetDimension {
    TOKENS("tokens"), COST("cost");

    private final String id;

    BudgetDimension(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The amount in this dimension. */
    public long of(BudgetAmount amount) {
        return this == TOKENS ? amount.tokens() : amount.costMicros();
    }
}
