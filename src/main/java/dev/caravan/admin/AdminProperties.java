package dev.caravan.admin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code caravan.admin}: how admin changes reach every instance.
 *
 * @param changePollInterval how often each instance reads the changes made elsewhere (default 1s):
 *                           the longest an admin change takes to apply on another instance
 * @param changeRetention    how long change rows are kept (default 1d)
 */
@ConfigurationProperties(prefix = "caravan.admin")
public record AdminProperties(Duration changePollInterval, Duration changeRetention) {

    public AdminProperties {
        changePollInterval = positive("change-poll-interval", changePollInterval, Duration.ofSeconds(1));
        changeRetention = positive("change-retention", changeRetention, Duration.ofDays(1));
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("caravan.admin." + name + " must be positive: " + value);
        }
        return value;
    }
}
