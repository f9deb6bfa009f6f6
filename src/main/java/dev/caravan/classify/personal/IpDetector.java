package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.List;
import java.util.Locale;
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * IPv4 and IPv6 addresses of hosts, validated by commons-validator {@link InetAddressValidator}.
 * Decisions:
 * <ul>
 *   <li>private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) and link-local addresses are
 *       reported: inside a network they identify a machine and usually its user;</li>
 *   <li>not reported: unspecified ({@code 0.0.0.0}, {@code ::}), loopback (127/8, {@code ::1}),
 *       broadcast, multicast, the documentation ranges 192.0.2/24, 198.51.100/24, 203.0.113/24 and
 *       2001:db8::/32, and netmasks ({@code 255.255.255.0});</li>
 *   <li>CIDR blocks that name a network ({@code 10.0.0.0/8}, host bits zero, as in firewall rules)
 *       are not reported; an interface address with its prefix ({@code 10.1.2.3/24}) is, without
 *       the prefix;</li>
 *   <li>version strings are not addresses: a dotted quad glued to more dotted parts, to a
 *       {@code v}, {@code @}, {@code ==}, {@code name/} or {@code -suffix}, or preceded by
 *       version words (version, release, build, firmware, upgrade, …) without IP words nearby;
 *       nor are SNMP OIDs ({@code 1.3.6.1…}, OID/MIB context);</li>
 *   <li>IPv6 candidates need three or more groups and a digit; MAC addresses, EUI-64 and hex
 *       dumps ({@code 00:1a:2b:…}, every group two hex digits) and times ({@code 12:30:45}) are
 *       not addresses.</li>
 * </ul>
 */
final class IpDetector implements Detector {

    private static final Keywords VERSION_WORDS = new Keywords("version*", "ver", "v", "release*", "rel", "build*",
            "firmware", "fw", "upgrade*", "update*", "downgrade*", "bump*", "patch*", "tag", "rev", "revision",
            "changelog", "sdk", "package", "pkg", "dependency", "dependencies", "library", "semver", "kernel", "image",
            "chrome", "firefox", "safari", "edge", "android", "ios", "windows", "macos", "java", "python", "node",
            "npm", "pip", "maven", "gradle", "jdk", "api level", "app", "section*", "chapter", "clause", "article",
            "para*", "paragraph", "figure", "fig", "table", "step", "rule", "item", "appendix", "rfc", "iso",
            "latest", "stable", "lts", "beta", "alpha", "rc", "hotfix", "milestone", "deprecated", "since", "notes",
            "what's new", "new in", "installed", "install*", "requires", "compatible", "supported");
    private static final Keywords IP_WORDS = new Keywords("ip*", "ipv4", "ipv6", "addr*", "address*", "host*", "client*",
            "server*", "remote", "src", "dst", "source", "destination", "peer", "inet", "gateway", "dns",
            "nameserver", "proxy", "forwarded", "x-forwarded-for", "connect*", "ssh", "ping", "login", "logged",
            "request*", "origin", "subnet", "route", "nat", "vpn", "firewall", "blocked", "allow*", "deny", "banned");
    private static final Keywords OID_WORDS = new Keywords("oid", "oids", "snmp*", "mib", "asn.1", "object identifier");

    private final InetAddressValidator validator = InetAddressValidator.getInstance();

    @Override
    public String name() {
        return "ip";
    }

    @Override
    public void detect(String s, int message, List<Finding> out) {
        ipv4(s, message, out);
        if (s.indexOf(':') >= 0) {
            ipv6(s, message, out);
        }
    }

    // ---- IPv4 ---------------------------------------------------------------------------------

    private void ipv4(String s, int message, List<Finding> out) {
        TextIndex index = TextIndex.of(s);
        int consumed = 0;
        for (int k = 0; k + 3 < index.digits; k++) {
            int start = index.digitStart[k];
            if (start < consumed || index.digitEnd[k] - start > 3 || Chars.at(s, index.digitEnd[k]) != '.') {
                continue;
            }
            // four dot-joined sequences of 1-3 digits
            int[] octets = new int[4];
            boolean ok = true;
            for (int p = 0; p < 4 && ok; p++) {
                int g = k + p;
                int gs = index.digitStart[g];
                int ge = index.digitEnd[g];
                if (ge - gs > 3 || (p > 0 && gs != index.digitEnd[g - 1] + 1) || (p > 0 && s.charAt(gs - 1) != '.')) {
                    ok = false;
                    break;
                }
                int v = 0;
                for (int j = gs; j < ge; j++) {
                    v = v * 10 + s.charAt(j) - '0';
                }
                octets[p] = v;
            }
            if (!ok) {
                continue;
            }
            int end = index.digitEnd[k + 3];
            consumed = end;
            if (accept4(s, start, end, octets)) {
                out.add(new Finding(FindingType.IP_ADDRESS, message, start, end, name(), 0.9));
            }
        }
    }

    private boolean accept4(String s, int start, int end, int[] o) {
        if (!validator.isValidInet4Address(s.substring(start, end))) {
            return false;
        }
        // glued to the left: v1.2.3.4, x.1.2.3.4, name/1.2.3.4, pkg@1.2.3.4, ==1.2.3.4, -1.2.3.4
        char p = Chars.at(s, start - 1);
        char pp = Chars.at(s, start - 2);
        if (Chars.isWordChar(p) || p == '.' || p == '@' || p == '^' || p == '~' || p == '#'
                || (p == '=' && (pp == '=' || pp == '>' || pp == '<' || pp == '~' || pp == '!'))
                || ((p == '/' || p == '-') && Chars.isWordChar(pp)) || (p == '>' || p == '<') && pp != ' ' && pp != 0) {
            return false;
        }
        // glued to the right: 1.2.3.4.5, 1.2.3.4-beta, 1.2.3.4.RELEASE, 1.2.3.4rc1
        char q = Chars.at(s, end);
        char qq = Chars.at(s, end + 1);
        if (Chars.isWordChar(q) || ((q == '.' || q == '-' || q == '+' || q == '_') && Chars.isWordChar(qq))) {
            return false;
        }
        if (q == '/' && Chars.isDigit(qq)) {
            int k = end + 1;
            int prefix = 0;
            while (k < s.length() && Chars.isDigit(s.charAt(k)) && k - end <= 3) {
                prefix = prefix * 10 + s.charAt(k) - '0';
                k++;
            }
            if (prefix <= 32) {
                long addr = ((long) o[0] << 24) | ((long) o[1] << 16) | ((long) o[2] << 8) | o[3];
                long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
                if ((addr & hostMask) == 0 && prefix < 32) {
                    return false; // a network, not a host
                }
            }
        }
        if (excluded4(o)) {
            return false;
        }
        if (o[0] == 1 && o[1] == 3 && o[2] == 6) {
            return false; // SNMP OID arc iso.org.dod.internet
        }
        int ls = Chars.lineStart(s, start);
        int from = Math.max(ls, start - 40);
        if (OID_WORDS.any(s, from, start)) {
            return false;
        }
        boolean small = o[0] < 10 && o[1] < 10 && o[2] < 10 && o[3] < 10;
        int le = Chars.lineEnd(s, end);
        if (small || VERSION_WORDS.any(s, Math.max(ls, start - 24), start)
                || VERSION_WORDS.any(s, end, Math.min(le, end + 12))) {
            // "4.2.1.3" is more often a section or version than a host: it needs IP words nearby
            return IP_WORDS.any(s, from, Math.min(Chars.lineEnd(s, end), end + 16));
        }
        return true;
    }

    static boolean excluded4(int[] o) {
        int a = o[0];
        int b = o[1];
        int c = o[2];
        if (a == 0 || a == 127 || a >= 224) {
            return true; // this-network, loopback, multicast, reserved and broadcast
        }
        if ((a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)) {
            return true; // documentation (RFC 5737)
        }
        return a == 255 || (b == 255 && c == 255) || (o[3] == 0 && c == 255 && b == 255);
    }

    // ---- IPv6 ---------------------------------------------------------------------------------

    private void ipv6(String s, int message, List<Finding> out) {
        int n = s.length();
        int covered = -1;
        for (int colon = s.indexOf(':'); colon >= 0; colon = s.indexOf(':', colon + 1)) {
            if (colon < covered) {
                continue;
            }
            int start = colon;
            while (start > 0 && isV6Char(s.charAt(start - 1)) && colon - start < 40) {
                start--;
            }
            int end = colon + 1;
            while (end < n && isV6Char(s.charAt(end)) && end - start < 46) {
                end++;
            }
            covered = end;
            // trim a trailing dot or a single trailing colon (sentence punctuation, "addr: ")
            while (end > start && s.charAt(end - 1) == '.') {
                end--;
            }
            if (end - start >= 2 && s.charAt(end - 1) == ':' && s.charAt(end - 2) != ':') {
                end--;
            }
            while (start < end && s.charAt(start) == '.') {
                start++;
            }
            if (end - start < 6) {
                continue;
            }
            if (Chars.isWordChar(Chars.at(s, start - 1)) || Chars.isWordChar(Chars.at(s, end))
                    || Chars.at(s, start - 1) == ':') {
                continue;
            }
            String candidate = s.substring(start, end);
            if (!accept6(candidate)) {
                continue;
            }
            out.add(new Finding(FindingType.IP_ADDRESS, message, start, end, name(), 0.9));
        }
    }

    private boolean accept6(String c) {
        int colons = 0;
        boolean digit = false;
        for (int k = 0; k < c.length(); k++) {
            char x = c.charAt(k);
            if (x == ':') {
                colons++;
            } else if (Chars.isDigit(x)) {
                digit = true;
            }
        }
        if (colons < 2 || !digit || !validator.isValidInet6Address(c)) {
            return false;
        }
        String[] groups = c.split(":");
        int nonEmpty = 0;
        boolean allPairs = true;
        for (String g : groups) {
            if (!g.isEmpty()) {
                nonEmpty++;
                if (g.length() != 2) {
                    allPairs = false;
                }
            }
        }
        if (nonEmpty < 3 || allPairs) {
            return false; // ::1-like shorthands, MAC / EUI-64 / hex dumps
        }
        String lower = c.toLowerCase(Locale.ROOT);
        if (lower.startsWith("2001:db8:") || lower.startsWith("2001:0db8:") || lower.startsWith("ff")
                || lower.equals("::1") || lower.startsWith("::ffff:127.") || lower.startsWith("0:0:0:0:0:0:0:1")) {
            return false; // documentation, multicast, loopback
        }
        int v4 = lower.lastIndexOf(':');
        if (lower.indexOf('.') > v4) {
            String[] parts = lower.substring(v4 + 1).split("\\.");
            if (parts.length == 4) {
                int[] o = new int[4];
                for (int k = 0; k < 4; k++) {
                    o[k] = Integer.parseInt(parts[k]);
                }
                return !excluded4(o);
            }
        }
        return true;
    }

    private static boolean isV6Char(char c) {
        return Chars.isHex(c) || c == ':' || c == '.';
    }
}
