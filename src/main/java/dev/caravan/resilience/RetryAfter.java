package dev.caravan.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a rate-limited provider asks us to wait from the text of its error. LangChain4j's
 * exceptions carry the provider's response body but not its headers, so the wait is found in
 * phrases such as OpenAI's {@code "Please try again in 1.5s"} / {@code "in 20ms"} /
 * {@code "in 6m0s"} / {@code "try again in 3 seconds"}, a quoted header {@code "Retry-After: 5"},
 * {@code "retry after 5"}, {@code "retry_after_ms": 500} or Gemini's {@code "retryDelay": "32s"}.
 * A number without a unit is seconds (milliseconds after {@code retry-after-ms}). An HTTP date, or
 * any unit this class does not know, gives no answer: the caller treats the wait as unknown.
 */
public final class RetryAfter {

    /** Only this much of a message is scanned: the phrase is near the start of every known body. */
    static final int MAX_SCAN = 4096;

    private static final Pattern LEAD = Pattern.compile(
            "(?i)(?:try\\s+again\\s+in|retry[-_ ]?after(?<ms>[-_ ]?ms)?|retry[-_ ]?delay|retry\\s+in)[\"'\\s:=]*");

    /**
     * One number with an optional unit; longer unit names first so that "ms" is not read as "m". A
     * number followed by a word that is not a unit ("3 days") does not match.
     */
    private static final Pattern PART = Pattern.compile(
            "(?i)\\s*(\\d{1,9}+(?:\\.\\d{1,9}+)?+)(?!\\d)(?:\\s?(milliseconds?|millis|msecs?|ms|minutes?|mins?|m|seconds?|secs?|s|hours?|hrs?|h)(?![a-z])|(?!\\s?[a-z]))");

    private RetryAfter() {
    }

    /** The wait the text asks for, or empty when it names none this class can read. */
    public static Optional<Duration> parse(String text) {
        long millis = parseMillis(text);
        return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    /** The same in milliseconds, or -1 when unknown (no allocation when nothing is found). */
    public static long parseMillis(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        CharSequence scanned = text.length() > MAX_SCAN ? text.substring(0, MAX_SCAN) : text;
        Matcher lead = LEAD.matcher(scanned);
        while (lead.find()) {
            long millis = duration(scanned, lead.end(), lead.group("ms") != null ? 1 : 1000);
            if (millis >= 0) {
                return millis;
            }
        }
        return -1;
    }

    /**
     * Sums the parts of a duration starting at {@code from} ({@code 1m30.5s} is two parts). A bare
     * number is only accepted alone, in {@code defaultUnitMillis}.
     */
    private static long duration(CharSequence text, int from, long defaultUnitMillis) {
        Matcher part = PART.matcher(text);
        part.region(from, text.length());
        double total = 0;
        int parts = 0;
        while (part.lookingAt()) {
            String unit = part.group(2);
            if (unit == null && parts > 0) {
                break;
            }
            double value = Double.parseDouble(part.group(1));
            total += value * (unit == null ? defaultUnitMillis : unitMillis(unit));
            parts++;
            if (unit == null || part.end() >= text.length()) {
                break;
            }
            part.region(part.end(), text.length());
        }
        return parts == 0 ? -1 : Math.round(total);
    }

    private static long unitMillis(String unit) {
        String u = unit.toLowerCase(java.util.Locale.ROOT);
        if (u.startsWith("ms") || u.startsWith("milli")) {
            return 1;
        }
        if (u.startsWith("m")) {
            return 60_000;
        }
        if (u.startsWith("h")) {
            return 3_600_000;
        }
        return 1000;
    }
}
