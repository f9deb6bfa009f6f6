package dev.caravan.classify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Marks like "confidential" or "internal only": evidence that a text is internal, though it
 * names no concrete data. Reported only when the distinct keywords found in a message weigh at
 * least the threshold, so one stray word in prose does not reclassify a prompt.
 */
public final class KeywordDetector implements Detector {

    private final Pattern pattern;
    private final java.util.Map<String, Double> weights;
    private final double threshold;

    public KeywordDetector(List<SecurityProperties.Keyword> keywords, double threshold) {
        this.weights = new java.util.HashMap<>();
        List<String> alternatives = new ArrayList<>();
        for (SecurityProperties.Keyword k : keywords) {
            String phrase = k.phrase().toLowerCase(Locale.ROOT).trim();
            weights.put(phrase, k.weight());
            alternatives.add(Pattern.quote(phrase).replace(" ", "\\E\\s+\\Q"));
        }
        this.pattern = alternatives.isEmpty() ? null
                : Pattern.compile("\\b(?:" + String.join("|", alternatives) + ")\\b", Pattern.CASE_INSENSITIVE);
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "keyword";
    }

    @Override
    public void detect(String text, int message, List<Finding> out) {
        if (pattern == null) {
            return;
        }
        Matcher m = pattern.matcher(text);
        List<int[]> spans = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        double weight = 0;
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            String phrase = m.group().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (distinct.add(phrase)) {
                weight += weights.getOrDefault(phrase, 1.0);
            }
        }
        if (weight >= threshold) {
            double confidence = Math.min(0.9, 0.5 + 0.1 * distinct.size());
            for (int[] span : spans) {
                out.add(new Finding(FindingType.KEYWORD, message, span[0], span[1], name(), confidence));
            }
        }
    }
}
