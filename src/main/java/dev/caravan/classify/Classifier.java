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

    static List<Finding> resolveOverlaps(List<Finding> found) {
        List<Finding> byStrength = new ArrayList<>(found);
        byStrength.sort(STRONGER_FIRST);
        List<Finding> kept = new ArrayList<>();
        for (Finding candidate : byStrength) {
            boolean covered = false;
            for (Finding k : kept) {
                if (k.overlaps(candidate)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::message).thenComparingInt(Finding::start));
        return kept;
    }
}
