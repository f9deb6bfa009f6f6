package dev.caravan.classify;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The sensitivity of a request and what raised it there. */
public record Classification(Sensitivity sensitivity, List<Finding> findings) {

    public static final Classification PUBLIC = new Classification(Sensitivity.PUBLIC, List.of());

    public Classification {
        findings = List.copyOf(findings);
    }

    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    public Set<FindingType> types() {
        Set<FindingType> types = EnumSet.noneOf(FindingType.class);
        findings.forEach(f -> types.add(f.type()));
        return types;
    }
}
