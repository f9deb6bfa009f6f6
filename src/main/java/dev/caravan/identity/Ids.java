package dev.caravan.identity;

import java.util.UUID;

/** Ids of plans, tenants and keys: 1–64 of {@code A-Z a-z 0-9 . _ -}; they end up in logs and metrics. */
public final class Ids {

    public static final int MAX_LENGTH = 64;

    private Ids() {
    }

    /**
     * @return {@code id} when it is a valid id
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String check(String what, String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " id must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new IllegalArgumentException(what + " id may only use letters, digits, '.', '_' and '-'");
            }
        }
        return id;
    }

    static String generate(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * @return {@code name}, stripped, when it is 1 to 255 characters
     * @throws IllegalArgumentException otherwise
     */
    public static String name(String what, String name) {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException(what + " name must be 1 to 255 characters");
        }
        return name.strip();
    }
}
