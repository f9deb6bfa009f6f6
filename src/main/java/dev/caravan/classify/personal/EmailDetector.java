package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: a candidate is grown around each {@code @}, then checked by commons-validator
 * with the IANA TLD list (no local or unknown TLDs, so {@code user@localhost}, {@code a@host.local},
 * {@code pkg@1.2.3}, {@code icon@2x.png} are out). Not reported:
 * <ul>
 *   <li>tokens without a local part: annotations and decorators ({@code @Override}), npm scopes
 *       ({@code @scope/pkg}), mentions;</li>
 *   <li>scp-style SSH remotes {@code git@github.com:org/repo.git} (a login on a host, not a mailbox,
 *       and usually a service account);</li>
 *   <li>userinfo inside URLs ({@code ssh://git@host/…}, {@code https://user:pw@host}) — credentials
 *       in URLs are the secret detectors' business.</li>
 * </ul>
 * Role addresses such as {@code support@acme.com} are still reported: the detector cannot know whom
 * a mailbox belongs to, and redacting a public address costs little.
 */
final class EmailDetector implements Detector {

    /** TLDs that are also common file extensions in code ({@code Foo@Bar.java}). */
    private static final Set<String> CODE_TLDS = Set.of("java", "zip", "mov");

    private final EmailValidator validator = EmailValidator.getInstance(false, false);

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        int n = s.length();
        for (int at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
            int ls = at;
            while (ls > 0 && at - ls < 65 && isLocal(s.charAt(ls - 1))) {
                ls--;
            }
            while (ls < at && (s.charAt(ls) == '.' || s.charAt(ls) == '-')) {
                ls++;
            }
            if (ls == at || at - ls > 64 || s.charAt(at - 1) == '.') {
                continue;
            }
            int de = at + 1;
            while (de < n && de - at <= 254 && isDomain(s.charAt(de))) {
                de++;
            }
            while (de > at + 1 && (s.charAt(de - 1) == '.' || s.charAt(de - 1) == '-')) {
                de--;
            }
            if (de <= at + 3 || s.indexOf('.', at + 1) < 0 || s.indexOf('.', at + 1) >= de) {
                continue;
            }
            if (Chars.isWordChar(Chars.at(s, de)) || Chars.at(s, de) == '@') {
                continue;
            }
            if (Chars.at(s, de) == ':' && de + 1 < n && !Character.isWhitespace(s.charAt(de + 1))) {
                continue; // user@host:path — an scp/ssh remote
            }
            if (inUrlUserinfo(s, ls)) {
                continue;
            }
            int dot = s.lastIndexOf('.', de - 1);
            if (CODE_TLDS.contains(s.substring(dot + 1, de).toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (validator.isValid(s.substring(ls, de))) {
                out.add(new Finding(FindingType.EMAIL, message, ls, de, name(), 0.95));
            }
        }
    }

    private static boolean isLocal(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    /** Whether the local part starts inside {@code scheme://user[:pw]@} (but not {@code mailto:}). */
    private static boolean inUrlUserinfo(String s, int ls) {
        int i = ls - 1;
        // a password before the address ("user:pw@host"): step over "user:"
        int limit = Math.max(0, ls - 200);
        while (i >= limit) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '(' || c == ',' || c == '=') {
                return false;
            }
            if (c == '/' && i > 0 && s.charAt(i - 1) == '/' && i > 1 && s.charAt(i - 2) == ':') {
                return true;
            }
            i--;
        }
        return false;
    }
}
