package dev.caravan.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every detector over every text of a request and returns its findings and level. When
 * two findings overlap, the more specific one wins (higher level, then higher confidence, then
 * longer span), so a key inside a connection string is reported once, as the stronger type.
 */
public class Classifier {

    private static final Comparator<Finding> STRONGER_FIRST = Comparator
            .comparing((Finding f) -> f.level().ordinal()).reversed()
            .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed())
            .thenComparing(Comparator.comparingInt(Finding::length).reversed());

    private final List<Detector> detectors;

    public Classifier(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    public Classification classify(List<String> texts) {
        List<Finding> found = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isEmpty()) {
                continue;
            }
            for (Detector detector : detectors) {
                detector.detect(text, i, found);
            }
        }
        if (found.isEmpty()) {
            return Classification.PUBLIC;
        }
        List<Finding> kept = resolveOverlaps(found);
        Sensitivity level = Sensitivity.PUBLIC;
        for (Finding f : kept) {
            level = level.max(f.level());
        }
        return new Classification(level, kept);
    }

    public Classification classify(String text) {
        return classify(List.of(text));
    }

    /**
     * Keeps, strongest first, every finding that does not overlap one already kept, except a
     * vendor-format key nested inside another finding (a GitHub token inside a clone URL is both);
     * redaction then replaces the outer span. Kept spans are indexed per message by start offset, so
     * this stays O(n log n) even for inputs crafted to produce thousands of findings.
     */
    static List<Finding> resolveOverlaps(List<Finding> found) {
        List<Finding> byStrength = new ArrayList<>(found);
        byStrength.sort(STRONGER_FIRST);
        java.util.Map<Integer, java.util.TreeMap<Integer, Finding>> keptByMessage = new java.util.HashMap<>();
        List<Finding> kept = new ArrayList<>();
        for (Finding candidate : byStrength) {
            var spans = keptByMessage.computeIfAbsent(candidate.message(), m -> new java.util.TreeMap<>());
            if (admissible(candidate, spans)) {
                spans.put(candidate.start(), candidate);
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::message).thenComparingInt(Finding::start)
                .thenComparing(Comparator.comparingInt(Finding::length).reversed()));
        return kept;
    }

    private static boolean admissible(Finding candidate, java.util.TreeMap<Integer, Finding> spans) {
        var before = spans.floorEntry(candidate.start());
        if (before != null && before.getValue().end() > candidate.start()) {
            return nestedOfOtherType(candidate, before.getValue());
        }
        var after = spans.higherEntry(candidate.start());
        return after == null || after.getValue().start() >= candidate.end();
    }

    /**
     * A vendor-format key (known prefix and length) inside a connection string or another secret
     * is reported as itself too; a generic password or key inside a connection string is just
     * part of that connection string.
     */
    private static boolean nestedOfOtherType(Finding inner, Finding outer) {
        return NESTABLE.contains(inner.type()) && inner.type() != outer.type()
                && inner.start() >= outer.start() && inner.end() <= outer.end() && inner.start() != outer.start();
    }

    private static final java.util.Set<FindingType> NESTABLE = java.util.EnumSet.of(FindingType.AWS_ACCESS_KEY,
            FindingType.GOOGLE_API_KEY, FindingType.GITHUB_TOKEN, FindingType.SLACK_TOKEN, FindingType.STRIPE_KEY,
            FindingType.OPENAI_API_KEY, FindingType.ANTHROPIC_API_KEY, FindingType.JWT);
}
