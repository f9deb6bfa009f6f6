package dev.caravan.budget;

import dev.caravan.gateway.ErrorKind;
import dev.caravan.gateway.GatewayException;

/**
 * A request refused because a hard budget has no room for it: HTTP 429 with error code
 * {@code budget_exceeded} ({@link ErrorKind#BUDGET_EXCEEDED}), through the same error mapping
 * as every other {@link GatewayException}. The refusal says which budget and when it resets.
 */
public class BudgetExceededException extends GatewayException {

    private final transient BudgetRefusal refusal;

    public BudgetExceededException(BudgetRefusal refusal) {
        super(ErrorKind.BUDGET_EXCEEDED, refusal.message());
        this.refusal = refusal;
    }

    public BudgetRefusal refusal() {
        return refusal;
    }
}
