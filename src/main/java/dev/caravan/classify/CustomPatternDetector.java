package dev.caravan.classify;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A pattern an operator declared under {@code caravan.security.custom-detectors}. */
public final class CustomPatternDetector implements Detector {

    private final SecurityProperties.CustomDetector config;
    private final Pattern pattern;

    public CustomPatternDetector(SecurityProperties.CustomDetector config) {
        this.config = config;
        try {
            this.pattern = Pattern.compile(config.pattern());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("caravan.security.custom-detectors." + config.name()
                    + ": invalid pattern: " + e.getDescription(), e);
        }
    }

    @Override
    public String name() {
        return "custom:" + config.name();
    }

    @Override
    public void detect(String text, int message, List<Finding> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) {
                out.add(new Finding(config.type(), message, m.start(), m.end(), name(), config.confidence(), config.level()));
            }
        }
    }
}
