package dev.caravan.classify;

import java.util.List;

/**
 * Finds one family of sensitive data in a text. Implementations are stateless and thread-safe,
 * precompile their patterns, and report only spans they are confident about: a checksum, a
 * known prefix and length, or a structure decides, not a bare regex.
 */
public interface Detector {

    /** Short stable name, reported in each finding's {@code detector}. */
    String name();

    /** Adds what it finds in {@code text} (message number {@code message}) to {@code out}. */
    void detect(String text, int message, List<Finding> out);
}
