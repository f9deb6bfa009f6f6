package dev.caravan.classify.personal;

import java.util.Locale;
import java.util.Set;

/**
 * Whether context words stand near a span: on the same line shortly before or after it, on the
 * line above when the span starts its line ({@code SSN:\n123456789}), or in the header of the
 * table column the span sits in.
 */
final class Context {

    /** Words that, right before a number, make it an identifier (order, invoice, part, …) rather than personal data. */
    private static final Set<String> ID_WORDS = Set.of("order", "orders", "invoice", "ticket", "tracking", "shipment",
            "ref", "reference", "id", "account", "acct", "transaction", "txn", "sku", "isbn", "issn", "serial", "part",
            "model", "po", "case", "item", "batch", "lot", "build", "version", "ean", "upc", "imei", "iban",
            "card", "ssn", "pid", "uid", "bestellung", "rechnung", "commande", "facture", "pedido", "factura", "docket",
            "claim", "policy", "receipt", "confirmation", "booking", "parcel", "product", "article", "catalog", "catalogue",
            "request", "incident", "job", "run", "release", "patch", "record", "row", "file", "document", "page");
    private static final Set<String> FILLERS = Set.of("no", "nr", "num", "number", "numbers", "nummer", "n", "numero",
            "is", "was", "of", "the", "our", "your", "my", "code", "ids", "nos");

    static final int BEFORE = 48;
    static final int AFTER = 24;

    private Context() {
    }

    static Keywords.Hit near(String s, int start, int end, Keywords words, Tables tables) {
        return near(s, start, end, words, tables, BEFORE, AFTER);
    }

    static Keywords.Hit near(String s, int start, int end, Keywords words, Tables tables, int before, int after) {
        int ls = Chars.lineStart(s, start);
        int from = Math.max(ls, start - before);
        if (ls > 0 && !Chars.hasLetterOrDigit(s, ls, start)) {
            from = Math.max(Chars.lineStart(s, ls - 1), start - before);
        }
        int to = Math.min(Chars.lineEnd(s, end), end + after);
        // stay within the statement: "x = 4155552671; phone = …" does not label x
        for (int i = end; i < to; i++) {
            char c = s.charAt(i);
            if (c == ';' || c == '=') {
                to = i;
                break;
            }
        }
        for (int i = start - 1; i >= from; i--) {
            if (s.charAt(i) == ';') {
                from = i + 1;
                break;
            }
        }
        Keywords.Hit hit = words.find(s, from, to);
        if (hit != null) {
            return hit;
        }
        if (tables != null) {
            String header = tables.headerCell(start);
            if (header != null) {
                Keywords.Hit h = words.find(header, 0, header.length());
                if (h != null) {
                    return new Keywords.Hit(-1, -1, h.tag());
                }
            }
        }
        return null;
    }

    /** Whether the last word before {@code start} (skipping "no.", "#", ":") names an identifier. */
    static boolean idWordBefore(String s, int start) {
        int i = start - 1;
        int limit = Math.max(0, start - 40);
        for (int words = 0; words < 3 && i >= limit; words++) {
            while (i >= limit && !Character.isLetter(s.charAt(i))) {
                char c = s.charAt(i);
                if (c == '\n' || c == '.' && i < start - 3 || c == ',' || c == ';') {
                    return false;
                }
                i--;
            }
            int e = i + 1;
            while (i >= limit && Character.isLetter(s.charAt(i))) {
                i--;
            }
            String word = s.substring(i + 1, e).toLowerCase(Locale.ROOT);
            if (word.isEmpty()) {
                return false;
            }
            if (ID_WORDS.contains(word)) {
                return true;
            }
            if (!FILLERS.contains(word)) {
                return false;
            }
        }
        return false;
    }

    static boolean has(String s, int start, int end, Keywords words, Tables tables) {
        return near(s, start, end, words, tables) != null;
    }
}
