package dev.caravan.metering;

import java.math.BigInteger;

/**
 * Request cost in integer micro-dollars from token counts and per-million-token prices.
 *
 * <p>{@code cost = (inputTokens * inputPrice + outputTokens * outputPrice) / 1,000,000}, rounded
 * half-up once on the sum (not per part). Plain {@code long} arithmetic is used whenever the
 * intermediate products fit; {@link BigInteger} only when they would overflow.
 */
public final class CostCalculator {

    /** Prices are quoted per this many tokens. */
    public static final long TOKENS_PER_PRICE_UNIT = 1_000_000L;

    private static final long HALF_UNIT = TOKENS_PER_PRICE_UNIT / 2;
    private static final BigInteger BIG_UNIT = BigInteger.valueOf(TOKENS_PER_PRICE_UNIT);
    private static final BigInteger BIG_HALF_UNIT = BigInteger.valueOf(HALF_UNIT);

    private CostCalculator() {
    }

    /**
     * @param inputTokens            prompt tokens, not negative
     * @param outputTokens           completion tokens, not negative
     * @param inputPricePer1MMicros  micro-dollars per one million input tokens, not negative
     * @param outputPricePer1MMicros micro-dollars per one million output tokens, not negative
     * @return the cost in whole micro-dollars, rounded half-up
     * @throws IllegalArgumentException when an argument is negative
     * @throws ArithmeticException      when the cost itself does not fit in a long
     */
    public static long costMicros(
            long inputTokens, long outputTokens, long inputPricePer1MMicros, long outputPricePer1MMicros) {
        requireNotNegative(inputTokens, "inputTokens");
        requireNotNegative(outputTokens, "outputTokens");
        requireNotNegative(inputPricePer1MMicros, "inputPricePer1MMicros");
        requireNotNegative(outputPricePer1MMicros, "outputPricePer1MMicros");

        long input = productOrMinusOne(inputTokens, inputPricePer1MMicros);
        long output = productOrMinusOne(outputTokens, outputPricePer1MMicros);
        if (input >= 0 && output >= 0 && input <= Long.MAX_VALUE - HALF_UNIT - output) {
            return (input + output + HALF_UNIT) / TOKENS_PER_PRICE_UNIT;
        }
        return BigInteger.valueOf(inputTokens).multiply(BigInteger.valueOf(inputPricePer1MMicros))
                .add(BigInteger.valueOf(outputTokens).multiply(BigInteger.valueOf(outputPricePer1MMicros)))
                .add(BIG_HALF_UNIT)
                .divide(BIG_UNIT)
                .longValueExact();
    }

    /** The product of two non-negative longs, or -1 when it does not fit in a long. */
    private static long productOrMinusOne(long a, long b) {
        if (Math.multiplyHigh(a, b) != 0) {
            return -1;
        }
        long product = a * b;
        return product < 0 ? -1 : product;
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
