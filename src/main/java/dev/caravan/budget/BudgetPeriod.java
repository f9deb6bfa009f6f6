package dev.caravan.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * How long a budget lasts before it starts again from zero: a calendar day or month in UTC.
 *
 * <p>A period is named by its first day ({@link #start(Instant)}), which is also the key of its
 * counter in the database: every instance, whatever its time zone, puts a request in the same
 * period. A reservation stays in the period it was taken in, even when it is settled after
 * midnight.
 */
public enum BudgetPeriod {
    DAY, MONTH;

    /** The lower-case id used in the database, configuration and messages. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first day (UTC) of the period that {@code at} falls in. */
    public LocalDate start(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return this == DAY ? day : day.withDayOfMonth(1);
    }

    /** The first day of the period after the one that starts on {@code start}. */
    public LocalDate next(LocalDate start) {
        return this == DAY ? start.plusDays(1) : start.withDayOfMonth(1).plusMonths(1);
    }

    /** The instant the period that {@code at} falls in ends (exclusive): when its budget is fresh again. */
    public Instant end(Instant at) {
        return next(start(at)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The adjective used in messages: {@code daily}, {@code monthly}. */
    public String adjective() {
        return this == DAY ? "daily" : "monthly";
    }

    /** @throws IllegalArgumentException for an unknown id */
    public static BudgetPeriod parse(String id) {
        for (BudgetPeriod period : values()) {
            if (period.id().equalsIgnoreCase(id)) {
                return period;
            }
        }
        throw new IllegalArgumentException("unknown budget period '" + id + "' (day or month)");
    }
}
