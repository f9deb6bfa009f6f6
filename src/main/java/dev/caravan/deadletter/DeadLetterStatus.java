package dev.caravan.deadletter;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a dead letter is in its life: {@code pending} (never replayed) → {@code replaying} →
 * {@code replayed} or {@code failed}; a failed letter may be replayed again, a replayed one not.
 */
public enum DeadLetterStatus {
    PENDING, REPLAYING, REPLAYED, FAILED;

    /** The value stored in {@code dead_letters.status} and shown in JSON. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code value} (case-insensitive). */
    public static DeadLetterStatus parse(String value) {
        for (DeadLetterStatus status : values()) {
            if (status.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown dead-letter status '" + value + "'; expected one of "
                + Arrays.stream(values()).map(DeadLetterStatus::id).collect(Collectors.joining(", ")));
    }
}
