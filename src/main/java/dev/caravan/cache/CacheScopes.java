package dev.caravan.cache;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a tenant or user id for use inside a cache key: {@code _} for none, and every byte
 * outside {@code [A-Za-z0-9.-]} as {@code %XX}, so that ids can never contain {@code :} or a
 * glob character ({@code * ? [ ]}) and one tenant's pattern can never match another's keys.
 */
public final class CacheScopes {

    public static final String NONE = "_";

    private CacheScopes() {
    }

    public static String encode(String id) {
        if (id == null || id.isEmpty()) {
            return NONE;
        }
        StringBuilder out = new StringBuilder(id.length());
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
