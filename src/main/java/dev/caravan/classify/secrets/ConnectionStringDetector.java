package dev.caravan.classify.secrets;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Connection strings that embed a password, reported as one {@code CONNECTION_STRING} spanning
 * the whole string (it is the value that gets redacted):
 * <ul>
 *   <li>URIs with a userinfo password, any scheme ({@code postgres://app:pw@db:5432/x},
 *       {@code mongodb+srv://}, {@code redis://:pw@}, {@code amqps://}, {@code jdbc:mysql://},
 *       {@code https://user:pw@host}), and database URIs with a {@code password=} parameter;</li>
 *   <li>ADO.NET / ODBC key-value strings ({@code Server=…;User Id=…;Password=…;}) and Azure
 *       storage / Service Bus strings ({@code AccountKey=…}, {@code SharedAccessKey=…});</li>
 *   <li>Oracle thin URLs ({@code jdbc:oracle:thin:scott/tiger@//host:1521/orcl}).</li>
 * </ul>
 * A password that is a variable reference ({@code ${DB_PASS}}, {@code %PWD%}) is not reported;
 * a placeholder ({@code <password>}, {@code ****}, {@code user:password@}) is {@code EXAMPLE_CREDENTIAL}.
 * A lone {@code AccountKey=} (88 base64 characters) outside a connection string is {@code API_KEY}.
 */
final class ConnectionStringDetector implements Detector {

    static final String NAME = "connection-string";

    private static final Set<String> DB_SCHEMES = SecretValues.words("postgres", "postgresql", "mysql", "mariadb", "mongodb",
            "mongodb+srv", "redis", "rediss", "amqp", "amqps", "mssql", "sqlserver", "oracle", "clickhouse", "cockroachdb",
            "neo4j", "bolt", "cassandra", "couchbase", "nats", "ldap", "ldaps", "smtp", "smtps", "ftp", "sftp",
            "snowflake", "db2", "sqlite", "timescaledb", "memcached", "elasticsearch", "mqtt", "mqtts", "kafka");
    private static final Set<String> TEMPLATE_USERS = SecretValues.words("user", "username", "usr", "login", "myuser", "dbuser",
            "db_user", "name", "someone", "me", "foo", "your_user", "youruser", "your_username", "<user>", "<username>");
    private static final Set<String> TEMPLATE_PASSWORDS = SecretValues.words("password", "pass", "passwd", "pwd", "pw", "secret",
            "mypassword", "mypass", "bar", "pass123");
    private static final Set<String> KNOWN_KEYS = SecretValues.words("server", "data source", "host", "address", "addr", "database",
            "initial catalog", "user id", "userid", "uid", "user", "username", "driver", "provider", "port", "dsn",
            "defaultendpointsprotocol", "accountname", "endpointsuffix", "endpoint", "sharedaccesskeyname",
            "network address", "hostname", "dbname", "sslmode", "encrypt", "trusted_connection", "trustservercertificate",
            "integrated security", "persist security info", "connection timeout", "service name", "protocol",
            "catalog", "entitypath", "blobendpoint", "queueendpoint", "tableendpoint", "fileendpoint", "servername",
            "database name", "password", "pwd", "accountkey", "sharedaccesskey", "connect timeout", "application name");
    private static final String[] MULTI_WORD_KEYS = {"data source", "user id", "initial catalog", "integrated security",
        "persist security info", "network address", "connection timeout", "connect timeout", "application name",
        "service name", "database name", "trust server certificate"};
    private static final String[] ANCHORS = {"assword", "ASSWORD", "wd", "WD", "ccountKey", "ccountkey", "ACCOUNTKEY",
        "ccessKey", "ccesskey"};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void detect(String text, int message, List<Finding> out) {
        List<int[]> spans = new ArrayList<>(2);
        if (text.indexOf("://") >= 0) {
            uris(text, message, out, spans);
        }
        if (text.indexOf('=') >= 0 && text.indexOf(';') >= 0) {
            for (String anchor : ANCHORS) {
                int from = 0;
                int a;
                while ((a = text.indexOf(anchor, from)) >= 0) {
                    from = a + anchor.length();
                    if (!covered(spans, a)) {
                        keyValueString(text, a, message, out, spans);
                    }
                }
            }
        }
        oracleThin(text, message, out);
    }

    private static boolean covered(List<int[]> spans, int at) {
        // only the latest spans: duplicates are harmless (the classifier resolves overlaps), a scan of all is not
        for (int k = spans.size() - 1; k >= 0 && k >= spans.size() - 8; k--) {
            int[] s = spans.get(k);
            if (at >= s[0] && at < s[1]) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ URIs

    private void uris(String text, int message, List<Finding> out, List<int[]> spans) {
        int n = text.length();
        int from = 0;
        int i;
        while ((i = text.indexOf("://", from)) >= 0) {
            from = i + 3;
            int s = i;
            while (s > 0 && i - s < 40 && isSchemeChar(text.charAt(s - 1))) {
                s--;
            }
            int jdbc = SecretValues.indexOfIgnoreCase(text, "jdbc:", s, i);
            if (jdbc >= 0) {
                s = jdbc;
            } else {
                int colon = SecretValues.lastIndexOf(text, ':', i - 1, s);
                if (colon >= s) {
                    s = colon + 1;
                }
            }
            while (s < i && !SecretValues.isLetter(text.charAt(s))) {
                s++;
            }
            if (s >= i) {
                continue;
            }
            int a = i + 3;
            int te = a;
            while (te < n && te - a < 2048) {
                char c = text.charAt(te);
                if (c == '<') {
                    int gt = placeholderEnd(text, te);
                    if (gt < 0) {
                        break;
                    }
                    te = gt;
                    continue;
                }
                if (uriStop(c)) {
                    break;
                }
                te++;
            }
            while (te > a && ".,;:!?)]}>*".indexOf(text.charAt(te - 1)) >= 0) {
                te--;
            }
            if (te <= a) {
                continue;
            }
            int authorityEnd = te;
            for (int k = a; k < te; k++) {
                char c = text.charAt(k);
                if (c == '/' || c == '?' || c == '#') {
                    authorityEnd = k;
                    break;
                }
            }
            int at = -1;
            for (int k = authorityEnd - 1; k >= a; k--) {
                if (text.charAt(k) == '@') {
                    at = k;
                    break;
                }
            }
            String scheme = text.substring(jdbc >= 0 ? Math.min(i, s + 5) : s, i).toLowerCase(Locale.ROOT);
            int colonAt = scheme.indexOf(':');
            if (colonAt >= 0) {
                scheme = scheme.substring(0, colonAt);
            }
            if (at >= a) {
                int colon = SecretValues.indexOf(text, ":", a, at);
                if (colon < 0 || colon + 1 >= at || at + 1 >= te || !hostStart(text.charAt(at + 1))
                        || SecretValues.indexOf(text, ":", colon + 1, at) >= 0) {
                    // no password, or "cvs://:pserver:anoncvs@host" (a second colon: not user:password)
                    from = te;
                    continue;
                }
                int verdict = judgePassword(text, colon + 1, at);
                if (verdict != NONE && isTemplatePair(text, a, colon, colon + 1, at)) {
                    verdict = EXAMPLE;
                }
                report(verdict, text, s, te, message, out, spans, 0.9);
            } else if (jdbc >= 0 || DB_SCHEMES.contains(scheme)) {
                int p = passwordParameter(text, a, te);
                if (p >= 0) {
                    int ve = p;
                    while (ve < te && text.charAt(ve) != '&' && text.charAt(ve) != ';') {
                        ve++;
                    }
                    report(judgePassword(text, p, ve), text, s, te, message, out, spans, 0.9);
                }
            }
            from = te;
        }
    }

    /** {@code <password>} inside a URI: the index after its '>', or -1. */
    private static int placeholderEnd(String text, int lt) {
        for (int k = lt + 1; k < text.length() && k - lt <= 40; k++) {
            char c = text.charAt(k);
            if (c == '>') {
                return k > lt + 1 ? k + 1 : -1;
            }
            if (SecretValues.isWhitespace(c) || c == '<' || c == '"' || c == '\'') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isSchemeChar(char c) {
        return SecretValues.isAlnum(c) || c == '+' || c == '.' || c == '-' || c == ':';
    }

    private static boolean uriStop(char c) {
        return SecretValues.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == '<' || c == '>' || c == '\\'
                || c == '|' || c == '^';
    }

    private static boolean hostStart(char c) {
        return SecretValues.isAlnum(c) || c == '[' || c == '_';
    }

    /** Start of the value of a {@code password=} / {@code pwd=} / {@code passwd=} parameter, or -1. */
    private static int passwordParameter(String text, int from, int to) {
        for (String key : new String[] {"password=", "pwd=", "passwd="}) {
            int k = SecretValues.indexOfIgnoreCase(text, key, from, to);
            if (k > from) {
                char before = text.charAt(k - 1);
                if (before == '?' || before == '&' || before == ';' || before == ':') {
                    return k + key.length();
                }
            }
        }
        return -1;
    }

    private boolean isTemplatePair(String text, int userStart, int userEnd, int passStart, int passEnd) {
        String user = text.substring(userStart, userEnd).toLowerCase(Locale.ROOT);
        String pass = text.substring(passStart, passEnd).toLowerCase(Locale.ROOT);
        return ((user.isEmpty() || TEMPLATE_USERS.contains(user)) && TEMPLATE_PASSWORDS.contains(pass))
                || ("anonymous".equals(user) && !pass.isEmpty());
    }

    // ------------------------------------------------------------------ verdicts

    private static final int NONE = 0;
    private static final int LIVE = 1;
    private static final int EXAMPLE = 2;

    private static int judgePassword(String text, int from, int to) {
        while (from < to && SecretValues.isSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && SecretValues.isSpace(text.charAt(to - 1))) {
            to--;
        }
        if (to - from >= 2) {
            char q = text.charAt(from);
            if ((q == '"' || q == '\'') && text.charAt(to - 1) == q) {
                from++;
                to--;
            }
        }
        if (to <= from || SecretValues.isReference(text, from, to)) {
            return NONE;
        }
        if (to - from >= 2 && text.charAt(from) == '{' && text.charAt(to - 1) == '}'
                && !SecretValues.isReference(text, from, to)) {
            from++;
            to--;
        }
        return SecretValues.isPlaceholder(text, from, to) ? EXAMPLE : LIVE;
    }

    private void report(int verdict, String text, int start, int end, int message, List<Finding> out, List<int[]> spans,
                        double confidence) {
        if (verdict == NONE) {
            return;
        }
        FindingType type = verdict == LIVE ? FindingType.CONNECTION_STRING : FindingType.EXAMPLE_CREDENTIAL;
        out.add(new Finding(type, message, start, end, NAME, verdict == LIVE ? confidence : 0.8));
        spans.add(new int[] {start, end});
    }

    // ------------------------------------------------------------------ key=value;key=value

    /** A {@code Password=}, {@code Pwd=}, {@code AccountKey=} or {@code SharedAccessKey=} inside a key-value connection string. */
    private void keyValueString(String text, int anchor, int message, List<Finding> out, List<int[]> spans) {
        int n = text.length();
        int ks = anchor;
        while (ks > 0 && anchor - ks < 20 && SecretValues.isLetter(text.charAt(ks - 1))) {
            ks--;
        }
        int ke = anchor;
        while (ke < n && ke - anchor < 20 && SecretValues.isLetter(text.charAt(ke))) {
            ke++;
        }
        String key = text.substring(ks, ke).toLowerCase(Locale.ROOT);
        boolean password = key.equals("password") || key.equals("pwd");
        boolean accountKey = key.equals("accountkey") || key.equals("sharedaccesskey");
        if (!password && !accountKey) {
            return;
        }
        if (ks > 0) {
            char b = text.charAt(ks - 1);
            if (SecretValues.isAlnum(b) || b == '_' || b == '-' || b == '.') {
                return;
            }
        }
        int eq = ke;
        while (eq < n && SecretValues.isSpace(text.charAt(eq))) {
            eq++;
        }
        if (eq >= n || text.charAt(eq) != '=' || (eq + 1 < n && text.charAt(eq + 1) == '=')) {
            return;
        }
        // the line (or quoted string) around it
        int ls = ks;
        while (ls > 0 && ks - ls < 400 && !lineStop(text.charAt(ls - 1))) {
            ls--;
        }
        int le = eq;
        while (le < n && le - eq < 800 && !lineStop(text.charAt(le))) {
            le++;
        }
        // segments split by ';'
        List<int[]> segments = new ArrayList<>();
        int p = ls;
        while (p <= le) {
            int q = p;
            while (q < le && text.charAt(q) != ';') {
                q++;
            }
            segments.add(new int[] {p, q});
            p = q + 1;
        }
        int home = -1;
        for (int k = 0; k < segments.size(); k++) {
            if (ks >= segments.get(k)[0] && ks < segments.get(k)[1] + 1) {
                home = k;
                break;
            }
        }
        if (home < 0) {
            return;
        }
        int first = home;
        int chainStart = ks;
        boolean knownOther = false;
        while (first > 0) {
            int[] seg = segments.get(first - 1);
            int strict = strictKeyStart(text, seg[0], seg[1]);
            int start = strict >= 0 ? strict : relaxedKeyStart(text, seg[0], seg[1]);
            if (start < 0) {
                break;
            }
            first--;
            chainStart = start;
            knownOther |= isKnownKey(text, start, seg[1]);
            if (strict < 0) {
                break;
            }
        }
        int last = home;
        while (last + 1 < segments.size() && strictKeyStart(text, segments.get(last + 1)[0], segments.get(last + 1)[1]) >= 0) {
            last++;
            int[] seg = segments.get(last);
            knownOther |= isKnownKey(text, strictKeyStart(text, seg[0], seg[1]), seg[1]);
        }
        // value of the anchor key
        int vs = eq + 1;
        int ve = valueEnd(text, vs, segments.get(home)[1]);
        int chainEnd = ve;
        if (last != home) {
            int[] seg = segments.get(last);
            chainEnd = valueEnd(text, text.indexOf('=', strictKeyStart(text, seg[0], seg[1])) + 1, seg[1]);
        }
        while (chainEnd > chainStart && SecretValues.isSpace(text.charAt(chainEnd - 1))) {
            chainEnd--;
        }
        int segmentsInChain = last - first + 1;
        if (segmentsInChain >= 2 && knownOther) {
            int verdict = judgePassword(text, vs, ve);
            if (accountKey && verdict == LIVE && !longBase64(text, vs, ve, 20)) {
                verdict = NONE;
            }
            if (accountKey && verdict == LIVE && SecretValues.looksSynthetic(text, vs, ve)) {
                verdict = EXAMPLE;
            }
            report(verdict, text, chainStart, chainEnd, message, out, spans, 0.9);
        } else if (accountKey && longBase64(text, vs, ve, 40)) {
            int verdict = SecretValues.looksSynthetic(text, vs, ve) || SecretValues.isPlaceholder(text, vs, ve) ? EXAMPLE : LIVE;
            if (verdict == LIVE) {
                out.add(new Finding(FindingType.API_KEY, message, vs, ve, NAME, 0.85));
                spans.add(new int[] {vs, ve});
            } else {
                report(verdict, text, vs, ve, message, out, spans, 0.85);
            }
        }
    }

    private static boolean lineStop(char c) {
        return c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '`';
    }

    /**
     * End of a value starting at {@code from} in a segment ending at {@code segEnd}: the whole
     * segment when a ';' closes it ("Data Source=my server;"), else up to the first whitespace
     * (the string ends and prose follows).
     */
    private static int valueEnd(String text, int from, int segEnd) {
        int i = from;
        while (i < segEnd && SecretValues.isSpace(text.charAt(i))) {
            i++;
        }
        if (segEnd < text.length() && text.charAt(segEnd) == ';') {
            int e = segEnd;
            while (e > i && SecretValues.isSpace(text.charAt(e - 1))) {
                e--;
            }
            return e;
        }
        while (i < segEnd && !SecretValues.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Start of the key if {@code [from, to)} is a clean {@code key=value} segment, else -1. */
    private static int strictKeyStart(String text, int from, int to) {
        int eq = SecretValues.indexOf(text, "=", from, to);
        if (eq < 0) {
            return -1;
        }
        int s = from;
        while (s < eq && SecretValues.isSpace(text.charAt(s))) {
            s++;
        }
        int e = eq;
        while (e > s && SecretValues.isSpace(text.charAt(e - 1))) {
            e--;
        }
        if (e <= s || e - s > 40 || !SecretValues.isLetter(text.charAt(s))) {
            return -1;
        }
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            if (!(SecretValues.isAlnum(c) || c == ' ' || c == '_' || c == '.' || c == '-')) {
                return -1;
            }
        }
        return s;
    }

    /**
     * For the leftmost segment ({@code conn = Server=db}, {@code Use: Server=db}): the key word
     * right before the '=' that starts the connection string's first value.
     */
    private static int relaxedKeyStart(String text, int from, int to) {
        int first = SecretValues.indexOf(text, "=", from, to);
        if (first < 0) {
            return -1;
        }
        int e = first;
        int second = SecretValues.indexOf(text, "=", first + 1, to);
        if (second > 0) {
            int k = second;
            while (k > first + 1 && (SecretValues.isAlnum(text.charAt(k - 1)) || text.charAt(k - 1) == '_'
                    || text.charAt(k - 1) == ' ')) {
                k--;
            }
            if (k == first + 1) {
                e = second;
            }
        }
        while (e > from && SecretValues.isSpace(text.charAt(e - 1))) {
            e--;
        }
        int s = e;
        while (s > from && (SecretValues.isAlnum(text.charAt(s - 1)) || text.charAt(s - 1) == '_')) {
            s--;
        }
        if (s == e || !SecretValues.isLetter(text.charAt(s))) {
            return -1;
        }
        String lower = text.substring(Math.max(from, s - 25), e).toLowerCase(Locale.ROOT);
        for (String multi : MULTI_WORD_KEYS) {
            if (lower.endsWith(multi)) {
                return e - multi.length();
            }
        }
        return s;
    }

    private static boolean isKnownKey(String text, int keyStart, int segEnd) {
        if (keyStart < 0) {
            return false;
        }
        int eq = SecretValues.indexOf(text, "=", keyStart, segEnd);
        if (eq < 0) {
            return false;
        }
        int e = eq;
        while (e > keyStart && SecretValues.isSpace(text.charAt(e - 1))) {
            e--;
        }
        return KNOWN_KEYS.contains(text.substring(keyStart, e).toLowerCase(Locale.ROOT));
    }

    private static boolean longBase64(String text, int from, int to, int min) {
        int count = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (SecretValues.isB64(c)) {
                count++;
            } else if (c != '=') {
                return false;
            }
        }
        return count >= min;
    }

    // ------------------------------------------------------------------ Oracle thin

    private void oracleThin(String text, int message, List<Finding> out) {
        int from = 0;
        int t;
        while ((t = text.indexOf("oracle:thin:", from)) >= 0) {
            from = t + 12;
            int start = text.startsWith("jdbc:", t - 5) ? t - 5 : t;
            int u = from;
            while (u < text.length() && (SecretValues.isAlnum(text.charAt(u)) || text.charAt(u) == '_' || text.charAt(u) == '$')) {
                u++;
            }
            if (u == from || u >= text.length() || text.charAt(u) != '/') {
                continue;
            }
            int at = u + 1;
            while (at < text.length() && at - u < 128 && text.charAt(at) != '@' && !uriStop(text.charAt(at))) {
                at++;
            }
            if (at >= text.length() || text.charAt(at) != '@' || at == u + 1) {
                continue;
            }
            int end = at;
            while (end < text.length() && !uriStop(text.charAt(end))) {
                end++;
            }
            while (end > at && ".,;)]}".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            int verdict = judgePassword(text, u + 1, at);
            if (verdict != NONE) {
                out.add(new Finding(verdict == LIVE ? FindingType.CONNECTION_STRING : FindingType.EXAMPLE_CREDENTIAL, message,
                        start, end, NAME, verdict == LIVE ? 0.9 : 0.8));
            }
            from = end;
        }
    }
}
