package dev.caravan.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether anonymous calls are accepted: only when it is allowed ({@code caravan.identity.dev-mode},
 * default true), the server listens on loopback only ({@code server.address} 127.x, ::1 or
 * localhost; unset means every interface) and no active key exists. That keeps a fresh checkout
 * working as before and makes it impossible to expose an open gateway to the network by accident.
 *
 * <p>The key count is re-read at most once per {@code recheck}, so creating the first key ends dev
 * mode on every instance within that time, without a restart. {@link #announce()} logs one WARN at
 * start when dev mode applies.
 */
public class DevMode {

    private static final Logger log = LoggerFactory.getLogger(DevMode.class);

    private final boolean allowed;
    private final boolean loopback;
    private final String bindAddress;
    private final LongSupplier activeKeys;
    private final Duration recheck;
    private final Clock clock;
    private volatile Instant checkedAt;
    private volatile boolean noKeys;

    public DevMode(boolean allowed, String bindAddress, LongSupplier activeKeys, Duration recheck, Clock clock) {
        this.allowed = allowed;
        this.bindAddress = bindAddress;
        this.loopback = isLoopback(bindAddress);
        this.activeKeys = Objects.requireNonNull(activeKeys, "activeKeys");
        this.recheck = Objects.requireNonNull(recheck, "recheck");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public boolean applies() {
        if (!allowed || !loopback) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = checkedAt;
        if (last == null || !now.isBefore(last.plus(recheck))) {
            noKeys = activeKeys.getAsLong() == 0;
            checkedAt = now;
        }
        return noKeys;
    }

    /** Counts the keys again on the next call (a key was created or revoked). */
    public void recheck() {
        checkedAt = null;
    }

    /** Logs once, at start, that anonymous calls are accepted; returns whether they are. */
    public boolean announce() {
        boolean on = applies();
        if (on) {
            log.warn("Dev mode: no API keys exist and the server listens on loopback only ({}), so calls without"
                    + " a key are accepted as anonymous. Create a key to require one; set"
                    + " caravan.identity.dev-mode=false to refuse anonymous calls anyway.", bindAddress);
        }
        return on;
    }

    /**
     * Whether {@code address} is a loopback address: {@code localhost}, 127.0.0.0/8 or ::1, as
     * literals only (no name lookups). Null or blank (every interface) is not.
     */
    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.equals("localhost") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
