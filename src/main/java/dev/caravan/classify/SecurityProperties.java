package dev.caravan.classify;

import dev.caravan.config.SecurityLevel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code caravan.security}: keyword lists, custom regex detectors, and the policy per
 * sensitivity level (which model security levels may receive it, and what to do).
 *
 * @param keywordThreshold keyword-only evidence raises a request to {@code internal} only when
 *                         the summed weight of distinct keywords found reaches this
 */
@Validated
@ConfigurationProperties(prefix = "caravan.security")
public record SecurityProperties(
        List<@Valid Keyword> keywords,
        double keywordThreshold,
        List<@Valid CustomDetector> customDetectors,
        Map<Sensitivity, @Valid LevelPolicy> policy) {

    public SecurityProperties {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        keywordThreshold = keywordThreshold <= 0 ? 1.0 : keywordThreshold;
        customDetectors = customDetectors == null ? List.of() : List.copyOf(customDetectors);
        Map<Sensitivity, LevelPolicy> complete = new EnumMap<>(Sensitivity.class);
        complete.putAll(defaultPolicy());
        if (policy != null) {
            complete.putAll(policy);
        }
        policy = Map.copyOf(complete);
    }

    /** Restricted stays on our machines; personal data may go to private deployments; the rest anywhere. */
    static Map<Sensitivity, LevelPolicy> defaultPolicy() {
        return Map.of(
                Sensitivity.RESTRICTED, new LevelPolicy(Set.of(SecurityLevel.LOCAL), PolicyAction.ROUTE),
                Sensitivity.CONFIDENTIAL, new LevelPolicy(Set.of(SecurityLevel.LOCAL, SecurityLevel.PRIVATE), PolicyAction.ROUTE),
                Sensitivity.INTERNAL, new LevelPolicy(Set.of(SecurityLevel.values()), PolicyAction.ROUTE),
                Sensitivity.PUBLIC, new LevelPolicy(Set.of(SecurityLevel.values()), PolicyAction.ROUTE));
    }

    /** A word or phrase that marks a text as internal, matched case-insensitively on word boundaries. */
    public record Keyword(@NotBlank String phrase, Double weight) {
        public Keyword {
            weight = weight == null ? 1.0 : weight;
        }
    }

    /** A site-specific pattern (an employee id, a project code name) reported as the given type and level. */
    public record CustomDetector(@NotBlank String name, @NotBlank String pattern, FindingType type, Sensitivity level,
                                 Double confidence) {
        public CustomDetector {
            type = type == null ? FindingType.KEYWORD : type;
            level = level == null ? type.level() : level;
            confidence = confidence == null ? 0.8 : confidence;
        }
    }

    /** What a sensitivity level allows: the model security levels that may see it, and the action. */
    public record LevelPolicy(@NotNull Set<SecurityLevel> allowed, @NotNull PolicyAction action) {

        /** For the routes: a boolean, because Camel compares an enum with a string literal by a slow converter search. */
        public boolean blocks() {
            return action == PolicyAction.BLOCK;
        }

        public boolean redacts() {
            return action == PolicyAction.REDACT;
        }
        public LevelPolicy {
            allowed = Set.copyOf(allowed);
        }
    }
}
