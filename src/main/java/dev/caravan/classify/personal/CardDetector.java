package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.List;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.CreditCardValidator.CreditCardRange;

/**
 * Payment card numbers: 13–19 digits, contiguous or in groups joined by single spaces or dashes
 * ({@code 4111 1111 1111 1111}, {@code 3782-822463-10005}), that pass Luhn and fall in a known
 * issuer range of the right length (commons-validator {@link CreditCardValidator} with the ranges
 * below). Never reported inside longer digit runs or tokens (order ids, ms timestamps, phone
 * numbers): the digits must stand alone, and a dashed run is never cut. Well-known test numbers
 * (4111 1111 1111 1111) are reported too: nothing distinguishes them from a live number.
 */
final class CardDetector implements Detector {

    private static final int[] LEN_16_19 = {16, 17, 18, 19};

    private static final CreditCardRange[] RANGES = {
        new CreditCardRange("4", null, new int[] {13, 16, 19}),            // Visa
        new CreditCardRange("51", "55", 16, 16),                            // Mastercard
        new CreditCardRange("2221", "2720", 16, 16),                        // Mastercard 2-series
        new CreditCardRange("34", null, 15, 15),                            // American Express
        new CreditCardRange("37", null, 15, 15),
        new CreditCardRange("6011", null, LEN_16_19),                       // Discover
        new CreditCardRange("644", "649", LEN_16_19),
        new CreditCardRange("65", null, LEN_16_19),
        new CreditCardRange("3528", "3589", LEN_16_19),                     // JCB
        new CreditCardRange("300", "305", 14, 19),                          // Diners Club
        new CreditCardRange("3095", null, 14, 19),
        new CreditCardRange("36", null, 14, 19),
        new CreditCardRange("38", "39", 16, 19),
        new CreditCardRange("62", null, LEN_16_19),                         // UnionPay
        new CreditCardRange("5018", null, 13, 19),                          // Maestro
        new CreditCardRange("5020", null, 13, 19),
        new CreditCardRange("5038", null, 13, 19),
        new CreditCardRange("5893", null, 13, 19),
        new CreditCardRange("6304", null, 13, 19),
        new CreditCardRange("6759", null, 13, 19),
        new CreditCardRange("6761", "6763", 13, 19),
        new CreditCardRange("2200", "2204", LEN_16_19),                     // Mir
    };

    private static final Keywords ID_CONTEXT = new Keywords("order*", "tracking", "invoice*", "shipment*", "parcel",
            "reference", "ref", "ticket", "transaction id", "txn", "imei", "serial", "sendung*", "bestell*",
            "commande", "pedido", "isbn", "ean");
    private static final Keywords CARD_CONTEXT = new Keywords("card*", "visa", "mastercard", "amex", "american express",
            "discover", "diners", "jcb", "maestro", "unionpay", "cc", "credit", "debit", "pan", "payment*", "kreditkarte*",
            "karte*", "carte", "tarjeta", "carta", "cvv", "cvc", "expiry", "exp");

    private final CreditCardValidator validator = new CreditCardValidator(RANGES);

    @Override
    public String name() {
        return "card";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        NumRun.scan(s, " -", 13, run -> visit(s, run, message, out));
    }

    private void visit(String s, NumRun run, int message, List<Finding> out) {
        int a = 0;
        while (a < run.n) {
            int found = -1;
            for (int b = run.n - 1; b >= a && found < 0; b--) {
                int digits = run.digitCount(a, b);
                if (digits < 13 || digits > 19 || !run.splittable(a, b) || !grouped(run, a, b)) {
                    continue;
                }
                int start = run.groupStart(a);
                int end = run.groupEnd(b);
                if (!clean(s, start, end)) {
                    continue;
                }
                if (!validator.isValid(run.digits(a, b))) {
                    continue;
                }
                if (Context.has(s, start, end, ID_CONTEXT, null) && !Context.has(s, start, end, CARD_CONTEXT, null)) {
                    continue;
                }
                out.add(new Finding(FindingType.CREDIT_CARD, message, start, end, name(), 0.95));
                found = b;
            }
            a = found >= 0 ? found + 1 : a + 1;
        }
    }

    /** One contiguous group, or groups of 4 (then 3–6, the last 1–6) joined by one kind of separator. */
    private static boolean grouped(NumRun run, int a, int b) {
        if (a == b) {
            return true;
        }
        char sep = run.separator(a, b);
        if (sep != ' ' && sep != '-') {
            return false;
        }
        if (run.groupLength(a) != 4) {
            return false;
        }
        for (int g = a + 1; g <= b; g++) {
            int len = run.groupLength(g);
            if (len < (g == b ? 1 : 3) || len > 6) {
                return false;
            }
        }
        return true;
    }

    private static boolean clean(String s, int start, int end) {
        char p = Chars.at(s, start - 1);
        if (p == '#' || p == '+' || p == '$' || p == '€' || p == '£' || p == '=' && Chars.at(s, start - 2) == '=') {
            return false;
        }
        char q = Chars.at(s, end);
        if ((q == '.' || q == ',' || q == ':') && Chars.isDigit(Chars.at(s, end + 1))) {
            return false;
        }
        return Chars.cleanBefore(s, start) && Chars.cleanAfter(s, end);
    }
}
