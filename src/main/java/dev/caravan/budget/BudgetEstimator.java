package dev.caravan.budget;

import dev.caravan.config.ModelProperties;
import dev.caravan.metering.CostCalculator;
import java.util.Collection;

/**
 * What to reserve before a call: the input tokens plus the most the model may answer, and their
 * cost at the model's prices ({@link CostCalculator}, the same arithmetic metering uses for the
 * actual cost). Reserving the maximum output is what bounds the overspend: a call can use more
 * than reserved only when the request set no {@code max_tokens} and the answer is longer than
 * {@code default-max-output-tokens}.
 */
public final class BudgetEstimator {

    private final long defaultMaxOutputTokens;

    /** @param defaultMaxOutputTokens output reserved when the request sets no {@code max_tokens} */
    public BudgetEstimator(long defaultMaxOutputTokens) {
        if (defaultMaxOutputTokens < 0) {
            throw new IllegalArgumentException("default max output tokens must not be negative");
        }
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    /** Tokens in plus tokens out, at the given prices (micro-dollars per million tokens). */
    public static BudgetAmount estimate(long inputTokens, long maxOutputTokens, long inputPricePer1m,
            long outputPricePer1m) {
        return new BudgetAmount(Math.addExact(inputTokens, maxOutputTokens),
                CostCalculator.costMicros(inputTokens, maxOutputTokens, inputPricePer1m, outputPricePer1m));
    }

    /**
     * The estimate for one model.
     *
     * @param maxOutputTokens the request's {@code max_tokens}, or null: the default, but no more than
     *                        the model's context window leaves after the input
     */
    public BudgetAmount estimate(long inputTokens, Integer maxOutputTokens, ModelProperties model) {
        long output = maxOutputTokens != null
                ? maxOutputTokens
                : Math.min(defaultMaxOutputTokens, Math.max(0, model.contextWindow() - inputTokens));
        return estimate(inputTokens, output, model.inputPricePer1m(), model.outputPricePer1m());
    }

    /**
     * The estimate for whichever of {@code candidates} answers (a fallback may reach any): the
     * largest token count and the largest cost among them.
     *
     * @throws IllegalArgumentException when there are no candidates
     */
    public BudgetAmount estimate(long inputTokens, Integer maxOutputTokens, Collection<ModelProperties> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate model to estimate for");
        }
        long tokens = 0;
        long cost = 0;
        for (ModelProperties model : candidates) {
            BudgetAmount amount = estimate(inputTokens, maxOutputTokens, model);
            tokens = Math.max(tokens, amount.tokens());
            cost = Math.max(cost, amount.costMicros());
        }
        return new BudgetAmount(tokens, cost);
    }
}
