package dev.caravan.metering;

import dev.caravan.gateway.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One question to {@link UsageAnalytics}: usage in {@code [from, to)}, grouped by
 * {@code groupBy} in that order, optionally of one tenant.
 *
 * @param groupBy the dimensions, distinct; empty: one row with the totals
 * @param from    start, inclusive
 * @param to      end, exclusive
 * @param tenant  only this tenant's records; null: every tenant's
 */
public record UsageQuery(List<UsageDimension> groupBy, Instant from, Instant to, String tenant) {

    /** The window when the caller names neither end. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (groupBy.stream().distinct().count() != groupBy.size()) {
            throw new IllegalArgumentException("group_by names a dimension twice: " + groupBy);
        }
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
        }
    }

    /**
     * Reads the query parameters of {@code GET /api/usage}. {@code to} defaults to now and
     * {@code from} to {@link #DEFAULT_WINDOW} (30 days) before {@code to}.
     *
     * @param groupBy comma-separated dimension names, or null/blank for none
     * @param from    an ISO-8601 instant ({@code 2026-01-05T10:00:00Z}) or date (its start, UTC), or null
     * @param to      the same, exclusive, or null
     * @param tenant  the tenant to limit to (already checked against the caller's scope), or null
     * @throws GatewayException {@code invalid_request} naming the bad parameter
     */
    public static UsageQuery parse(String groupBy, String from, String to, String tenant, Clock clock) {
        List<UsageDimension> dimensions = dimensions(groupBy);
        Instant end = instant(to, "to");
        Instant start = instant(from, "from");
        if (end == null) {
            end = clock.instant();
        }
        if (start == null) {
            start = end.minus(DEFAULT_WINDOW);
        }
        if (start.isAfter(end)) {
            throw GatewayException.invalid("'from' must not be after 'to'.", "from");
        }
        return new UsageQuery(dimensions, start, end, tenant == null || tenant.isBlank() ? null : tenant.strip());
    }

    /** The dimensions of a {@code group_by} value, in the order given. */
    static List<UsageDimension> dimensions(String groupBy) {
        List<UsageDimension> dimensions = new ArrayList<>();
        if (groupBy == null || groupBy.isBlank()) {
            return dimensions;
        }
        String[] names = groupBy.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            // the message names the entry's position, never echoes what was sent
            int position = i + 1;
            UsageDimension dimension = UsageDimension.parse(names[i]).orElseThrow(() -> GatewayException.invalid(
                    "'group_by' entry " + position + " is not a dimension; use a comma-separated list of any of "
                            + UsageDimension.NAMES + ".", "group_by"));
            if (dimensions.contains(dimension)) {
                throw GatewayException.invalid("'group_by' names '" + dimension.id() + "' twice.", "group_by");
            }
            dimensions.add(dimension);
        }
        return dimensions;
    }

    /** An ISO-8601 instant, or a date meaning its start (00:00 UTC); null when absent. */
    public static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw GatewayException.invalid("'" + name + "' must be an ISO-8601 instant (2026-01-05T10:00:00Z)"
                        + " or date (2026-01-05).", name);
            }
        }
    }
}
