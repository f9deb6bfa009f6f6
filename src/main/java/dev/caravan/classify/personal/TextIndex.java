package dev.caravan.classify.personal;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * Where the digit sequences and the word starts of a text are, found in one pass and shared by
 * all personal-data detectors: the classifier runs every detector over the same text on one
 * thread, so the last text's index is kept per thread (by identity, weakly). Detectors then visit
 * only these positions instead of every character. The index holds positions only, never text.
 */
final class TextIndex {

    private static final ThreadLocal<Entry> LAST = ThreadLocal.withInitial(Entry::new);

    private static final class Entry {
        WeakReference<String> text = new WeakReference<>(null);
        TextIndex index;
    }

    /** Start and end (exclusive) of each maximal run of ASCII digits, in text order. */
    final int[] digitStart;
    final int[] digitEnd;
    final int digits;
    /** Each position where a word starts: a letter after a non-letter, or a camelCase hump. */
    final int[] wordStart;
    final int words;

    private TextIndex(String s) {
        int n = s.length();
        int[] ds = new int[16];
        int[] de = new int[16];
        int[] ws = new int[64];
        int nd = 0;
        int nw = 0;
        boolean prevLetter = false;
        boolean prevLower = false;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                int start = i;
                do {
                    i++;
                } while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9');
                if (nd == ds.length) {
                    ds = Arrays.copyOf(ds, nd * 2);
                    de = Arrays.copyOf(de, nd * 2);
                }
                ds[nd] = start;
                de[nd] = i;
                nd++;
                prevLetter = false;
                prevLower = false;
                continue;
            }
            boolean letter;
            boolean lower;
            boolean upper;
            if (c < 128) {
                lower = c >= 'a' && c <= 'z';
                upper = c >= 'A' && c <= 'Z';
                letter = lower || upper;
            } else {
                letter = Character.isLetter(c);
                lower = letter && Character.isLowerCase(c);
                upper = letter && Character.isUpperCase(c);
            }
            if (letter && (!prevLetter || (prevLower && upper))) {
                if (nw == ws.length) {
                    ws = Arrays.copyOf(ws, nw * 2);
                }
                ws[nw++] = i;
            }
            prevLetter = letter;
            prevLower = lower;
            i++;
        }
        this.digitStart = ds;
        this.digitEnd = de;
        this.digits = nd;
        this.wordStart = ws;
        this.words = nw;
    }

    /** The index of {@code s}, reused when the same text was indexed last on this thread. */
    static TextIndex of(String s) {
        Entry e = LAST.get();
        if (e.text.get() == s && e.index != null) {
            return e.index;
        }
        TextIndex index = new TextIndex(s);
        e.text = new WeakReference<>(s);
        e.index = index;
        return index;
    }
}
