package dev.caravan.cache;

/**
 * Hashes for {@link SemanticGuard} fingerprints: FNV-1a over UTF-16 units, finished with the
 * MurmurHash3 mixer, kept to 48 bits and written as 8 base64url characters. Specified here rather
 * than taken from {@link String#hashCode()} so that fingerprints written by one JVM are read by
 * any other.
 */
final class GuardHash {

    private static final long MASK48 = (1L << 48) - 1;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private GuardHash() {
    }

    static long of(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h & MASK48;
    }

    static String encode48(long h) {
        char[] out = new char[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = ALPHABET[(int) (h & 63)];
            h >>>= 6;
        }
        return new String(out);
    }
}
