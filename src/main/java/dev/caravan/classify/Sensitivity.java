package dev.caravan.classify;

import java.util.Locale;

/** How sensitive a prompt is, in increasing order; the request's level is its highest finding's. */
public enum Sensitivity {
    PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Sensitivity max(Sensitivity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
