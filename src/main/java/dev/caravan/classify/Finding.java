package dev.caravan.classify;

/**
 * One thing found in one message: where (offsets into that message's text, end exclusive),
 * what, by which detector and how sure. It never holds the matched value itself, so findings
 * can be logged, metered and returned safely.
 *
 * @param message    index of the message (or document part) in the classified request
 * @param confidence 0..1; structural checks (checksums, known prefixes) give high confidence
 * @param level      the level this finding raises the request to; usually {@code type.level()},
 *                   lower for configured keywords or custom detectors
 */
public record Finding(FindingType type, int message, int start, int end, String detector, double confidence,
                      Sensitivity level) {

    public Finding {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    public Finding(FindingType type, int message, int start, int end, String detector, double confidence) {
        this(type, message, start, end, detector, confidence, type.level());
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(Finding other) {
        return message == other.message && start < other.end && other.start < end;
    }
}
