package dev.caravan.classify.secrets;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Values assigned to secret-like names, in the syntaxes of config files, code, env files, logs,
 * command lines and HTTP headers: {@code password=…}, {@code PASSWORD: …}, {@code "password": "…"},
 * {@code DB_PASS=…}, {@code --password …}, {@code <password>…</password>}, {@code setPassword("…")},
 * {@code IDENTIFIED BY '…'}, {@code Authorization: Bearer …}, {@code Authorization: Basic …},
 * {@code curl -u user:…}, {@code mysql -p…}, {@code sshpass -p}, {@code redis-cli -a}, {@code .netrc}
 * lines, {@code ConvertTo-SecureString "…"}, Kubernetes/ECS {@code name}/{@code value} pairs, and in
 * chat prose "my password is Tr0ub4dor&3" when the value is password-shaped (letters with digits or
 * symbols, not a word).
 *
 * <ul>
 *   <li>password-like names ({@code password}, {@code passwd}, {@code pwd}, {@code *_PASS},
 *       {@code passphrase}) → {@code PASSWORD}, weak values included (a leaked weak password is
 *       still a leak);</li>
 *   <li>{@code aws_secret_access_key} / {@code SecretAccessKey} with a 40-character value →
 *       {@code AWS_SECRET_KEY};</li>
 *   <li>secret-like names ({@code api_key}, {@code *_SECRET}, {@code *_TOKEN}, {@code client_secret},
 *       {@code access_token}, {@code private_key}, bearer tokens) → {@code API_KEY}, only when the
 *       value is shaped like a random secret (length ≥ 16, mixed classes, entropy ≥ ~3.5 bits/char);
 *       values with a known vendor format are reported by the vendor detector too, and win by
 *       confidence.</li>
 * </ul>
 * Not reported: variable references ({@code ${…}}, {@code $VAR}, {@code %VAR%}, {@code {{…}}},
 * {@code %(name)s}), empty, {@code null}/{@code none}, types ({@code password: string}), code
 * ({@code password = credentials} next to code, calls, comparisons, {@code x: y,} in object literals),
 * password hashes (bcrypt, argon2, …), paths, prose ("the password is reset monthly": no operator,
 * or a sentence after a colon), and names that only contain a secret word ({@code password_reset_url},
 * {@code token_type}, {@code max_tokens}, {@code tokenizer}, {@code next_page_token},
 * {@code change_password}). Placeholders ({@code <password>}, {@code your_api_key_here}, {@code ****},
 * {@code xxxx}, {@code test123}) in such assignments are {@code EXAMPLE_CREDENTIAL}; so is
 * {@code changeme} under a key or token name (under a password name it is a weak, live password).
 *
 * <p>The span is the value only (inside its quotes), so that redaction replaces just the value.
 */
final class AssignmentDetector implements Detector {

    static final String NAME = "assignment";

    private enum Kind { NONE, PASSWORD, SECRET, AWS_SECRET, AUTHORIZATION }

    private enum Op { EQ, COLON, ARROW, COMPARE, CALL, QUOTED_ONLY, CLI, CONNECTOR, XML, PAIR }

    private static final Set<String> PASSWORD_TOKENS = SecretValues.words("pass", "pwd", "pw", "passwd", "password", "passphrase",
            "passwort", "senha", "contrasena", "kennwort", "wachtwoord", "motdepasse", "passcode");
    private static final Set<String> SECRET_TOKENS = SecretValues.words("secret", "apikey", "secretkey", "accesskey", "privatekey",
            "authkey", "appkey", "masterkey", "signingkey", "encryptionkey", "licensekey", "subscriptionkey", "clientkey",
            "serverkey", "adminkey", "sessionkey", "accountkey", "storagekey", "apitoken", "accesstoken", "authtoken",
            "refreshtoken", "bearertoken", "sessiontoken", "idtoken", "apisecret", "clientsecret", "appsecret",
            "webhooksecret", "signingsecret", "credentials", "credential", "creds", "auth", "secrettoken", "bottoken",
            "privatetoken", "accesskeysecret", "apikeysecret", "bearer");
    private static final Set<String> KEY_QUALIFIERS = SecretValues.words("api", "secret", "access", "private", "auth", "app",
            "application", "master", "encryption", "encrypt", "signing", "sign", "client", "service", "account",
            "subscription", "admin", "license", "licence", "write", "ingest", "server", "session", "webhook", "hmac", "jwt",
            "aes", "storage", "shared", "management", "root", "crypto", "cipher", "deploy", "personal", "bot", "user",
            "partner", "merchant", "developer", "dev", "prod", "live", "integration", "runner", "agent", "org");
    private static final Set<String> KEY_EXCLUDED = SecretValues.words("public", "primary", "foreign", "sort", "partition", "cache",
            "idempotency", "hash", "range", "row", "map", "lookup", "unique", "composite", "registry", "object", "s3",
            "bucket", "file", "dedup", "routing", "group", "message", "event", "translation", "config", "setting", "index",
            "column", "field", "table", "label", "shortcut", "hot", "short", "kms", "ssh", "gpg", "pgp", "redis", "lock",
            "sequence", "order", "tracking", "i18n", "query", "request", "cursor", "page", "ref", "dict", "json",
            "env", "state", "storage_class", "tag", "meta", "metadata", "name", "path", "cert", "header");
    private static final Set<String> TOKEN_EXCLUDED_PREV = SecretValues.words("page", "next", "continuation", "pagination", "sync",
            "cursor", "resume", "cancellation", "cancel", "csrf", "xsrf", "eos", "bos", "pad", "unk", "sep", "cls", "mask",
            "special", "start", "end", "stop", "max", "num", "total", "input", "output", "prompt", "completion", "image",
            "audio", "video", "added", "chat", "system", "split", "first", "last", "word", "lexer", "parser", "sentence",
            "reasoning", "thinking", "cache", "fast", "merge", "vocab", "decoder", "encoder", "model", "eot", "eom", "fim",
            "tool", "default", "unknown", "padding", "delimiter", "begin", "bpe", "mention", "emoji", "think", "answer",
            "query", "response", "context", "generation", "prev", "previous", "paging", "sentinel", "end_of_text");
    private static final Set<String> NON_VALUES = SecretValues.words("null", "none", "nil", "true", "false", "undefined", "empty",
            "required", "optional", "string", "str", "text", "number", "int", "integer", "bool", "boolean", "any",
            "bytes", "byte", "char", "varchar", "object", "secretstr", "securestring", "sensitive", "hidden", "yes", "no",
            "on", "off", "enabled", "disabled", "default", "unset", "nullable", "void", "list", "array", "dict", "map",
            "string;", "type", "input", "field", "value", "optional[str]", "redact", "mask", "masked",
            "omitted", "n/a", "na", "tbd", "self", "this", "env", "auto", "new", "get", "set", "is");
    private static final Set<String> LABELS = SecretValues.words("Password", "Passwort", "Mot de passe", "Contraseña", "Senha",
            "Wachtwoord", "Kennwort", "Lösenord", "Hasło", "Пароль", "パスワード", "密码", "비밀번호", "Secret", "Token", "API Key",
            "API key", "Api Key", "Access Token", "Password:");
    private static final Set<String> PROSE_WORDS = SecretValues.words("the", "is", "be", "must", "your", "enter", "invalid", "wrong",
            "incorrect", "required", "at", "least", "characters", "new", "confirm", "forgot", "reset", "please", "not",
            "match", "too", "short", "weak", "strong", "change", "show", "hide", "a", "an", "of", "to", "and", "or", "for",
            "password", "passwords", "token", "key", "secret", "expired", "field", "here", "with", "this", "that", "option",
            "options", "flag", "when", "if", "in", "on", "only", "instead", "via", "from", "file", "argument", "parameter",
            "value", "as", "by", "no", "none", "was", "are", "will", "can", "should", "may", "now", "use", "using", "set",
            "provide", "specify", "accept", "accepts", "support", "supports", "add", "via", "pass", "passing", "takes");
    private static final Set<String> AUTH_SCHEMES = SecretValues.words("bearer", "token", "bot", "apikey", "api-key", "key", "sso-key",
            "jwt", "oauth", "splunk", "genie", "geniekey", "klaviyo-api-key", "hmac", "dsn", "session", "access");
    private static final Set<String> ACTION_VERBS = SecretValues.words("change", "reset", "forgot", "forget", "verify", "check",
            "ask", "prompt", "require", "requires", "show", "hide", "no", "disable", "enable", "allow", "expire", "generate",
            "gen", "random", "has", "is", "update", "recover", "validate", "confirm", "remember", "store", "save", "read",
            "get", "load", "encrypt", "decrypt", "hash", "hashed", "encode", "encoded");
    private static final Set<String> PAIR_NAMES = SecretValues.words("name", "key", "parameterkey", "parameter_key", "env",
            "variable", "var", "secretname", "secret_name");
    private static final Set<String> PROSE_QUALIFIERS = SecretValues.words("api", "access", "secret", "auth", "private", "app",
            "client", "bearer", "personal", "service", "admin", "master", "signing", "encryption", "refresh", "session",
            "account", "deploy", "bot", "webhook", "license", "subscription", "root", "db", "database", "my", "our");

    /** First two letters of the keywords {@link #hasKeyword} looks for, as a lower-case bigram table. */
    private static final boolean[] TRIGGER = new boolean[128 * 128];
    private static final byte[] WORD_START = new byte[128];
    /** The lower-case form of a name character, 0 for characters that end a name. */
    private static final byte[] WORD_LOWER = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            WORD_START[c] = (byte) (SecretValues.isAlnum(c) || c == '_' ? 1 : 0);
            WORD_LOWER[c] = (byte) (isWordChar(c) ? SecretValues.lower(c) : 0);
        }
        for (String k : new String[] {"pass", "pw", "secret", "senha", "token", "key", "kennwort", "auth", "bearer", "basic",
            "cred", "contrase", "identified", "wachtwoord", "motdepasse"}) {
            TRIGGER[k.charAt(0) * 128 + k.charAt(1)] = true;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void detect(String text, int message, List<Finding> out) {
        int n = text.length();
        char[] cs = text.toCharArray();
        int i = 0;
        while (i < n) {
            char c = cs[i];
            if (c >= 128 || WORD_START[c] == 0) {
                i++;
                continue;
            }
            int ws = i;
            int prev = WORD_LOWER[c];
            boolean maybe = false;
            i++;
            while (i < n) {
                char d = cs[i];
                int l = d < 128 ? WORD_LOWER[d] : 0;
                if (l == 0) {
                    break;
                }
                maybe |= TRIGGER[(prev << 7) | l];
                prev = l;
                i++;
            }
            int we = i;
            while (we > ws + 1 && (text.charAt(we - 1) == '.' || text.charAt(we - 1) == '-')) {
                we--;
            }
            if (maybe && we - ws >= 2 && we - ws <= 80 && hasKeyword(text, ws, we)) {
                int resume = handle(text, ws, we, message, out);
                if (resume > i) {
                    i = resume;
                }
            }
        }
        if (text.indexOf("curl") >= 0) {
            curlUser(text, message, out);
        }
        if ((text.indexOf(" -p") >= 0 || text.indexOf(" -a ") >= 0) && (text.indexOf("mysql") >= 0
                || text.indexOf("mariadb") >= 0 || text.indexOf("sshpass") >= 0 || text.indexOf("docker login") >= 0
                || text.indexOf("redis-cli") >= 0)) {
            commandPasswordFlag(text, message, out);
        }
    }

    private static boolean isWordChar(char c) {
        return SecretValues.isAlnum(c) || c == '_' || c == '.' || c == '-';
    }

    /** Cheap filter: does the word contain pass, pwd, pw, secret, token, key, auth, bearer, basic, cred, identified…? */
    static boolean hasKeyword(String t, int from, int to) {
        for (int j = from; j < to; j++) {
            switch (SecretValues.lower(t.charAt(j))) {
                case 'p':
                    if (at(t, j, to, "pass") || at(t, j, to, "pw")) {
                        return true;
                    }
                    break;
                case 's':
                    if (at(t, j, to, "secret") || at(t, j, to, "senha") || at(t, j, to, "securestring")) {
                        return true;
                    }
                    break;
                case 't':
                    if (at(t, j, to, "token")) {
                        return true;
                    }
                    break;
                case 'k':
                    if (at(t, j, to, "key") || at(t, j, to, "kennwort")) {
                        return true;
                    }
                    break;
                case 'a':
                    if (at(t, j, to, "auth")) {
                        return true;
                    }
                    break;
                case 'b':
                    if (at(t, j, to, "bearer") || at(t, j, to, "basic")) {
                        return true;
                    }
                    break;
                case 'c':
                    if (at(t, j, to, "cred") || at(t, j, to, "contrase")) {
                        return true;
                    }
                    break;
                case 'i':
                    if (at(t, j, to, "identified")) {
                        return true;
                    }
                    break;
                case 'w':
                    if (at(t, j, to, "wachtwoord")) {
                        return true;
                    }
                    break;
                case 'm':
                    if (at(t, j, to, "motdepasse")) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    private static boolean at(String t, int j, int to, String lowerWord) {
        int m = lowerWord.length();
        if (j + m > to) {
            return false;
        }
        for (int k = 1; k < m; k++) {
            if (SecretValues.lower(t.charAt(j + k)) != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // =================================================================== one candidate name

    private int handle(String text, int ws, int we, int message, List<Finding> out) {
        if (SecretValues.equalsIgnoreCase(text, ws, we, "bearer")) {
            int r = bearer(text, we, message, out);
            if (r >= 0 || we >= text.length() || text.charAt(we) == ' ') {
                return r;
            }
            // "bearer": "…" as a name: fall through
        }
        if (SecretValues.equalsIgnoreCase(text, ws, we, "basic")) {
            return basic(text, we, message, out);
        }
        if (SecretValues.equalsIgnoreCase(text, ws, we, "identified")) {
            return identifiedBy(text, we, message, out);
        }
        int n = text.length();
        int p = we;
        char before = ws > 0 ? text.charAt(ws - 1) : 0;
        boolean quotedName = false;
        if ((before == '"' || before == '\'') && p < n && text.charAt(p) == before) {
            quotedName = true;
            p++;
        } else if (before == '"' && ws >= 2 && text.charAt(ws - 2) == '\\' && p + 1 < n && text.charAt(p) == '\\'
                && text.charAt(p + 1) == '"') {
            quotedName = true;
            p += 2;
        }
        if (quotedName && p < n && text.charAt(p) == ']') {
            p++; // config["password"] = …
        }
        boolean xml = before == '<' && p < n && text.charAt(p) == '>';
        boolean cliFlag = ws >= 2 && text.charAt(ws - 1) == '-' && text.charAt(ws - 2) == '-'
                && (ws == 2 || SecretValues.isWhitespace(text.charAt(ws - 3)) || text.charAt(ws - 3) == '"'
                || text.charAt(ws - 3) == '\'');
        int sp = p;
        while (p < n && SecretValues.isSpace(text.charAt(p)) && p - sp < 12) {
            p++;
        }
        boolean spacedBefore = p > sp;
        char o = p < n ? text.charAt(p) : 0;
        char o2 = p + 1 < n ? text.charAt(p + 1) : 0;
        Op op = null;
        int vstart = -1;
        if (xml) {
            op = Op.XML;
            vstart = p + 1;
        } else if (o == '=') {
            if (o2 == '=') {
                return -1; // a comparison (user_pass == "git") checks a value, it does not hold a secret
            } else if (o2 == '>') {
                op = Op.ARROW;
                vstart = p + 2;
            } else if (o2 == '~') {
                return -1;
            } else {
                op = Op.EQ;
                vstart = p + 1;
            }
        } else if (o == ':') {
            if (o2 == '=' && (p + 2 >= n || text.charAt(p + 2) != '=')) {
                op = Op.EQ;
                vstart = p + 2;
            } else if (o2 != ':' && o2 != '/' && o2 != '=') {
                op = Op.COLON;
                vstart = p + 1;
            }
        } else if (o == '?' && o2 == ':') {
            op = Op.COLON;
            vstart = p + 2;
        } else if (o == '(' && !spacedBefore) {
            op = Op.CALL;
            vstart = p + 1;
        } else if (spacedBefore && (o == '"' || o == '\'' || o == '`')) {
            op = Op.QUOTED_ONLY;
            vstart = p;
        } else if (spacedBefore && cliFlag) {
            op = Op.CLI;
            vstart = p;
        } else if (spacedBefore && SecretValues.isLetter(o)) {
            int e = p;
            while (e < n && SecretValues.isLetter(text.charAt(e))) {
                e++;
            }
            if (SecretValues.equalsIgnoreCase(text, p, e, "is") || SecretValues.equalsIgnoreCase(text, p, e, "was")
                    || SecretValues.equalsIgnoreCase(text, p, e, "to") || SecretValues.equalsIgnoreCase(text, p, e, "equals")) {
                op = Op.CONNECTOR;
                vstart = e;
                if (e < n && text.charAt(e) == ':') {
                    vstart = e + 1;
                }
            } else if (bareWordName(text, ws, we) && netrcLine(text, ws)) {
                op = Op.CLI; // .netrc: machine host login user password secret
                vstart = p;
            } else if (bareWordName(text, ws, we) && strongPassword(text, p)) {
                op = Op.CONNECTOR; // "with password Tr0ub4dor&3x": no operator, but unmistakably a password
                vstart = p;
            }
        } else if (spacedBefore && o != 0 && !SecretValues.isWhitespace(o) && bareWordName(text, ws, we)
                && strongPassword(text, p)) {
            op = Op.CONNECTOR;
            vstart = p;
        }
        int pairValue = -1;
        if (op == null) {
            pairValue = pairedValueStart(text, ws, p, quotedName);
            if (pairValue < 0) {
                return -1;
            }
            op = Op.PAIR;
            vstart = pairValue;
        }
        Kind kind = classifyName(text, ws, we);
        if (kind == Kind.NONE) {
            return -1;
        }
        if (op == Op.CALL && !isSetterLike(text, ws, we)) {
            return -1;
        }
        if (SecretValues.equalsIgnoreCase(text, ws, we, "pass") && !cliFlag && !quotedName && !(op == Op.EQ && !spacedBefore)) {
            return -1; // "pass 'ignore' to …", "Pass :meth:`peek`": the verb
        }
        if ((op == Op.QUOTED_ONLY || op == Op.CONNECTOR) && (endsWithToken(text, ws, we, "pass") || kind == Kind.PASSWORD && we - ws < 5)) {
            return -1; // "grep -Pw '(.)'": short names need an operator
        }
        if (kind == Kind.AUTHORIZATION) {
            return authorization(text, vstart, op, message, out);
        }
        return value(text, ws, kind, op, vstart, spacedBefore, message, out);
    }

    /**
     * {@code name: DB_PASSWORD} followed by {@code value: …} (Kubernetes env, ECS, {@code <add key="…" value="…"/>},
     * {@code ParameterKey=…,ParameterValue=…}): start of the value after the {@code value} label, or -1.
     */
    private static int pairedValueStart(String text, int ws, int afterName, boolean quotedName) {
        int b = ws - (quotedName ? 1 : 0);
        while (b > 0 && SecretValues.isSpace(text.charAt(b - 1))) {
            b--;
        }
        if (b == 0 || (text.charAt(b - 1) != ':' && text.charAt(b - 1) != '=')) {
            return -1;
        }
        b--;
        if (b > 0 && (text.charAt(b - 1) == '"' || text.charAt(b - 1) == '\'')) {
            b--;
        }
        int e = b;
        while (b > 0 && (SecretValues.isAlnum(text.charAt(b - 1)) || text.charAt(b - 1) == '_')) {
            b--;
        }
        if (!PAIR_NAMES.contains(SecretValues.lowerCase(text, b, e))) {
            return -1;
        }
        int n = text.length();
        int limit = Math.min(n, afterName + 80);
        int v = SecretValues.indexOfIgnoreCase(text, "value", afterName, limit);
        if (v < 0) {
            return -1;
        }
        // only separators between the name and the value label (",", quotes, spaces, one line break, "- ")
        for (int k = afterName; k < v; k++) {
            char c = text.charAt(k);
            if (!(SecretValues.isWhitespace(c) || c == ',' || c == '"' || c == '\'' || c == '-' || c == '}' || c == '{'
                    || SecretValues.isLetter(c) && k >= v - 9)) {
                return -1;
            }
        }
        int p = v + 5;
        if (p < n && (text.charAt(p) == '"' || text.charAt(p) == '\'')) {
            p++;
        }
        while (p < n && SecretValues.isSpace(text.charAt(p))) {
            p++;
        }
        if (p < n && (text.charAt(p) == ':' || text.charAt(p) == '=')) {
            return p + 1;
        }
        return -1;
    }

    // =================================================================== names

    private static Kind classifyName(String text, int ws, int we) {
        List<String> tokens = tokens(text, ws, we);
        if (tokens.isEmpty()) {
            return Kind.NONE;
        }
        String last = tokens.get(tokens.size() - 1);
        String prev = tokens.size() > 1 ? tokens.get(tokens.size() - 2) : null;
        String compact = String.join("", tokens);
        if (compact.equals("authorization") || compact.equals("proxyauthorization")) {
            return Kind.AUTHORIZATION;
        }
        if (compact.contains("secretaccesskey") || compact.endsWith("awssecretkey") || compact.endsWith("awssecret")
                || compact.endsWith("awskeysecret")) {
            return Kind.AWS_SECRET;
        }
        if (compact.endsWith("securestring")) {
            return Kind.PASSWORD; // ConvertTo-SecureString "P@ss" -AsPlainText
        }
        if (PASSWORD_TOKENS.contains(last) || (last.endsWith("password") && last.length() <= 24)
                || last.endsWith("passwd") || last.endsWith("passphrase")) {
            if (tokens.size() > 1 && ACTION_VERBS.contains(tokens.get(0))) {
                return Kind.NONE; // --change-passphrase, reset_password, forgot_password: actions, not values
            }
            if (last.equals("pass") && prev != null && (prev.equals("by") || prev.equals("first") || prev.equals("second"))) {
                return Kind.NONE;
            }
            return Kind.PASSWORD;
        }
        if (last.equals("token")) {
            return prev != null && TOKEN_EXCLUDED_PREV.contains(prev) ? Kind.NONE : Kind.SECRET;
        }
        if (last.equals("secret") || SECRET_TOKENS.contains(last) || compact.endsWith("secretkeybase")) {
            return Kind.SECRET;
        }
        if (last.equals("key")) {
            if (prev != null) {
                if (KEY_QUALIFIERS.contains(prev)) {
                    return Kind.SECRET;
                }
                return isEnvStyle(text, ws, we) && !KEY_EXCLUDED.contains(prev) ? Kind.SECRET : Kind.NONE;
            }
            String before = previousWord(text, ws);
            return before != null && PROSE_QUALIFIERS.contains(before) ? Kind.SECRET : Kind.NONE;
        }
        if (last.endsWith("apikey") || last.endsWith("secretkey") || last.endsWith("accesstoken")
                || last.endsWith("authtoken") || last.endsWith("apitoken") || last.endsWith("clientsecret")) {
            return Kind.SECRET;
        }
        return Kind.NONE;
    }

    /** {@code setPassword(}, {@code withApiKey(}, {@code .password(}: a call that takes the secret itself. */
    private static boolean isSetterLike(String text, int ws, int we) {
        int dot = SecretValues.lastIndexOf(text, '.', we - 1, ws);
        List<String> tokens = tokens(text, dot >= ws ? dot + 1 : ws, we);
        if (tokens.isEmpty()) {
            return false;
        }
        String first = tokens.get(0);
        if (tokens.size() == 1) {
            return PASSWORD_TOKENS.contains(first) || SECRET_TOKENS.contains(first) || first.equals("token");
        }
        return first.equals("set") || first.equals("with") || first.equals("use")
                || first.equals("put") || first.equals("add");
    }

    private static boolean endsWithToken(String text, int ws, int we, String token) {
        List<String> tokens = tokens(text, ws, we);
        return tokens.get(tokens.size() - 1).equals(token);
    }

    /** Lower-case name tokens split at non-alphanumerics and camelCase boundaries ({@code dbPassword} → db, password). */
    static List<String> tokens(String text, int from, int to) {
        List<String> tokens = new ArrayList<>(4);
        StringBuilder cur = new StringBuilder();
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!SecretValues.isAlnum(c)) {
                flush(tokens, cur);
                continue;
            }
            if (cur.length() > 0) {
                char prev = text.charAt(i - 1);
                boolean lowerToUpper = SecretValues.isUpper(c) && (SecretValues.isLower(prev) || SecretValues.isDigit(prev));
                boolean acronymEnd = SecretValues.isUpper(c) && SecretValues.isUpper(prev) && i + 1 < to
                        && SecretValues.isLower(text.charAt(i + 1));
                if (lowerToUpper || acronymEnd) {
                    flush(tokens, cur);
                }
            }
            cur.append(SecretValues.lower(c));
        }
        flush(tokens, cur);
        return tokens;
    }

    private static void flush(List<String> tokens, StringBuilder cur) {
        if (cur.length() > 0) {
            tokens.add(cur.toString());
            cur.setLength(0);
        }
    }

    /** {@code STRIPE_KEY}: upper case with underscores, as environment variables are named. */
    private static boolean isEnvStyle(String text, int ws, int we) {
        boolean underscore = false;
        for (int i = ws; i < we; i++) {
            char c = text.charAt(i);
            if (SecretValues.isLower(c)) {
                return false;
            }
            underscore |= c == '_';
        }
        return underscore;
    }

    /** The word right before {@code ws}, separated by one space ("API key", "access token"), lower case. */
    private static String previousWord(String text, int ws) {
        if (ws < 2 || text.charAt(ws - 1) != ' ') {
            return null;
        }
        int e = ws - 1;
        int s = e;
        while (s > 0 && e - s < 20 && SecretValues.isLetter(text.charAt(s - 1))) {
            s--;
        }
        return s == e ? null : SecretValues.lowerCase(text, s, e);
    }

    // =================================================================== values

    private int value(String text, int ws, Kind kind, Op op, int vstart, boolean spacedBefore, int message, List<Finding> out) {
        int n = text.length();
        int v = vstart;
        while (v < n && SecretValues.isSpace(text.charAt(v)) && v - vstart < 12) {
            v++;
        }
        if (v >= n) {
            return -1;
        }
        boolean tight = !spacedBefore && v == vstart && (op == Op.EQ);
        char q = text.charAt(v);
        boolean fString = false;
        if ("rbfuRBFU".indexOf(q) >= 0 && v + 1 < n && (text.charAt(v + 1) == '"' || text.charAt(v + 1) == '\'')) {
            fString = SecretValues.lower(q) == 'f';
            v++;
            q = text.charAt(v);
        }
        int vs;
        int ve;
        int resume;
        boolean quoted = false;
        if (q == '"' || q == '\'' || q == '`') {
            vs = v + 1;
            if (vs + 1 < n && text.charAt(vs) == q && text.charAt(vs + 1) == q) {
                return -1; // triple-quoted block
            }
            ve = closingQuote(text, vs, q);
            if (ve < 0) {
                return -1;
            }
            resume = ve + 1;
            quoted = true;
        } else if (q == '\\' && v + 1 < n && text.charAt(v + 1) == '"') {
            vs = v + 2;
            ve = SecretValues.indexOf(text, "\\\"", vs, vs + 513);
            if (ve < 0 || ve - vs > 512) {
                return -1;
            }
            resume = ve + 2;
            quoted = true;
        } else if (op == Op.COMPARE || op == Op.CALL || op == Op.QUOTED_ONLY
                || (op == Op.CONNECTOR && kind == Kind.PASSWORD && !passwordShapedWord(text, v))) {
            return -1;
        } else if (q == '<' && op != Op.XML) {
            int gt = SecretValues.indexOf(text, '>', v, v + 81);
            if (gt < 0 || gt - v > 80 || SecretValues.indexOf(text, "\n", v, gt) >= 0 || text.startsWith("<%", v)) {
                return -1;
            }
            return placeholderInContext(text, kind, v, gt + 1, message, out);
        } else if (q == '[') {
            int rb = SecretValues.indexOf(text, ']', v, v + 41);
            if (rb < 0 || rb - v > 40 || !SecretValues.isPlaceholder(text, v + 1, rb)) {
                return -1;
            }
            out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, v, rb + 1, NAME, 0.6));
            return rb + 1;
        } else if (q == '{' || op == Op.COLON && (q == '|' || q == '!' || q == '&'
                || q == '*' && v + 1 < n && SecretValues.isLetter(text.charAt(v + 1)))) {
            return -1; // object, YAML block/tag/anchor/alias
        } else if (op == Op.XML) {
            vs = v;
            int close = SecretValues.indexOf(text, "</", v, v + 513);
            if (close < 0 || close - v > 512 || SecretValues.indexOf(text, "\n", v, close) >= 0) {
                return -1;
            }
            ve = close;
            while (ve > vs && SecretValues.isSpace(text.charAt(ve - 1))) {
                ve--;
            }
            resume = close;
            quoted = true;
        } else {
            if (op == Op.COLON && v == vstart || q == ':') {
                return -1; // "a?b:c", "passwd:dir": YAML needs a space after the colon
            }
            vs = v;
            ve = v;
            while (ve < n && ve - vs < 512 && !unquotedStop(text.charAt(ve), op)) {
                ve++;
            }
            resume = ve;
            // a sentence-ending period is not part of the value
            if (ve > vs + 1 && (text.charAt(ve - 1) == '.' || text.charAt(ve - 1) == ':') && text.charAt(ve - 2) != '.'
                    && (ve == n || SecretValues.isWhitespace(text.charAt(ve)))) {
                ve--;
            }
            if (!unquotedValueOk(text, ws, kind, op, tight, vs, ve)) {
                return -1;
            }
        }
        if (ve <= vs) {
            return -1;
        }
        if (quoted && (fString && SecretValues.indexOf(text, "{", vs, ve) >= 0 || isFormatString(text, vs, ve))) {
            return -1;
        }
        if (quoted && isIdentifierNamedLikeSecret(text, vs, ve) && !SecretValues.isPlaceholder(text, vs, ve)) {
            return resume; // CHALLENGE_PASSWORD: "challengePassword": a key name, not a value
        }
        if (text.startsWith("-----BEGIN", vs) || text.startsWith("LS0tLS1CRUdJTi", vs)) {
            return resume;
        }
        boolean prose = op == Op.CONNECTOR || op == Op.QUOTED_ONLY;
        if (prose && (SecretValues.isPlaceholder(text, vs, ve) || SecretValues.looksSynthetic(text, vs, ve)
                || SecretValues.isTestValue(text, vs, ve))) {
            return resume; // "a token is ...", "the token `>|'": prose, not a documented credential
        }
        switch (kind) {
            case PASSWORD -> judgePassword(text, op, quoted, vs, ve, message, out);
            case SECRET, AWS_SECRET -> judgeSecret(text, kind, vs, ve, message, out);
            default -> {
                return -1;
            }
        }
        return resume;
    }

    /**
     * "my password is Tr0ub4dor&3": after a connector word, an unquoted value counts only if it
     * looks like a password (6+ characters, letters with digits or symbols), not a word.
     */
    private static boolean passwordShapedWord(String text, int from) {
        int e = from;
        boolean letter = false;
        boolean other = false;
        while (e < text.length() && e - from < 64 && !SecretValues.isWhitespace(text.charAt(e))) {
            char c = text.charAt(e);
            letter |= SecretValues.isLetter(c);
            other |= SecretValues.isDigit(c) || "!#$%&*+-=?@^_~".indexOf(c) >= 0;
            e++;
        }
        while (e > from && ".,;:)".indexOf(text.charAt(e - 1)) >= 0) {
            e--;
        }
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        for (int k = from; k < e; k++) {
            char c = text.charAt(k);
            digit |= SecretValues.isDigit(c);
            upper |= SecretValues.isUpper(c);
            lower |= SecretValues.isLower(c);
        }
        if (SecretValues.indexOf(text, "&quot;", from, e) >= 0 || SecretValues.indexOf(text, "&amp;", from, e) >= 0
                || SecretValues.indexOf(text, "&lt;", from, e) >= 0 || SecretValues.indexOf(text, "&gt;", from, e) >= 0) {
            return false;
        }
        return e - from >= 6 && letter && other && (digit || upper && lower) && !SecretValues.isReference(text, from, e)
                && !SecretValues.looksLikeConstantName(text, from, e) && !SecretValues.looksLikeWords(text, from, e);
    }

    private static boolean netrcLine(String text, int ws) {
        int lineStart = SecretValues.lineStart(text, ws, 300);
        return SecretValues.indexOf(text, " login ", lineStart, ws) >= 0
                && (text.startsWith("machine ", lineStart) || text.startsWith("default ", lineStart));
    }

    /** The plain word password (passwd, pwd, passphrase) in prose, not a compound or code name. */
    private static boolean bareWordName(String text, int ws, int we) {
        return SecretValues.equalsIgnoreCase(text, ws, we, "password") || SecretValues.equalsIgnoreCase(text, ws, we, "passwd")
                || SecretValues.equalsIgnoreCase(text, ws, we, "pwd") || SecretValues.equalsIgnoreCase(text, ws, we, "passphrase");
    }

    /** 8+ characters with letters, digits and a symbol or both cases: not a word of prose. */
    private static boolean strongPassword(String text, int from) {
        int e = from;
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        while (e < text.length() && e - from < 64 && !SecretValues.isWhitespace(text.charAt(e))) {
            char c = text.charAt(e);
            lower |= SecretValues.isLower(c);
            upper |= SecretValues.isUpper(c);
            digit |= SecretValues.isDigit(c);
            symbol |= "!#$%&*+-=?@^_~".indexOf(c) >= 0;
            if (c == '\\' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '{' || c == '(') {
                return false;
            }
            e++;
        }
        while (e > from && ".,;:)".indexOf(text.charAt(e - 1)) >= 0) {
            e--;
        }
        return e - from >= 8 && (lower || upper) && digit && (symbol || lower && upper)
                && !SecretValues.looksLikeConstantName(text, from, e) && !SecretValues.looksLikeWords(text, from, e)
                && !SecretValues.isReference(text, from, e) && !SecretValues.looksLikePathOrUrl(text, from, e)
                && !SecretValues.looksLikeEmail(text, from, e);
    }

    private static int closingQuote(String text, int from, char q) {
        int n = Math.min(text.length(), from + 1024);
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean unquotedStop(char c, Op op) {
        if (SecretValues.isWhitespace(c) || c == '"' || c == '\'' || c == '`') {
            return true;
        }
        if (op == Op.CLI || op == Op.CONNECTOR) {
            return c == ',' || c == ';' || c == ')';
        }
        return c == ',' || c == ';' || c == '&' || c == ')' || c == '}' || c == ']' || c == '<' || c == '>';
    }

    private static boolean unquotedValueOk(String text, int ws, Kind kind, Op op, boolean tight, int vs, int ve) {
        int n = text.length();
        if (ve <= vs) {
            return false;
        }
        char c0 = text.charAt(vs);
        if (op == Op.CLI && c0 == '-') {
            return false;
        }
        if (op == Op.COLON && (c0 == '|' || c0 == '>') || c0 == '(') {
            return false;
        }
        if (isCodeExpression(text, vs, ve) || SecretValues.isDottedIdentifier(text, vs, ve)) {
            return false;
        }
        int core = ve;
        while (core > vs + 1 && "!?;,".indexOf(text.charAt(core - 1)) >= 0) {
            core--; // String!, str?, string;
        }
        if (core - vs <= 20 && NON_VALUES.contains(SecretValues.lowerCase(text, vs, core))) {
            return false;
        }
        char term = ve < n ? text.charAt(ve) : '\n';
        boolean codeTerminator = term == ',' || term == ')' || term == '}' || term == ';';
        if (SecretValues.isPlaceholder(text, vs, ve) && !(SecretValues.looksLikeVariableName(text, vs, ve)
                && (codeTerminator || !SecretValues.hasMarker(text, vs, ve)))) {
            return true; // your_api_key_here, YOUR_TOKEN: a documented placeholder, judged as an example
        }
        boolean identifier = SecretValues.looksLikeVariableName(text, vs, ve);
        if ((identifier || codeTerminator && isPlainWord(text, vs, ve))
                && (codeTerminator || ((op == Op.EQ || op == Op.ARROW) && !tight))) {
            return false;
        }
        if ((op == Op.EQ || op == Op.ARROW) && !tight && isPlainWord(text, vs, ve) && looksLikeCode(text, vs)) {
            return false; // x = y in code: a variable, not a literal (in an INI file it is the value)
        }
        if (isIdentifierNamedLikeSecret(text, vs, ve)) {
            return false;
        }
        if (op == Op.CLI && isPlainWord(text, vs, ve) && (PROSE_WORDS.contains(SecretValues.lowerCase(text, vs, ve))
                || !flagFollows(text, ve) && (PROSE_WORDS.contains(previousToken(text, flagStart(text, ws)))
                || !commandEndFollows(text, ve)))) {
            return false; // "the --username and --password options", "--passphrase with --quick-gen-key"
        }
        if (term == '\'' && ve + 1 < n && SecretValues.isLetter(text.charAt(ve + 1))) {
            return false; // "don't": a contraction in prose
        }
        if (op == Op.COLON && isTitleWord(text, vs, ve)) {
            return false; // "NULL_PASSWORD: Added" in a changelog
        }
        // prose: "Password: must be at least 12 characters", "the api key is abc but …"
        if (!tight && op != Op.XML && op != Op.CONNECTOR && op != Op.CLI) {
            int k = ve;
            while (k < n && SecretValues.isSpace(text.charAt(k))) {
                k++;
            }
            if (k > ve && k < n && (SecretValues.isAlnum(text.charAt(k)))) {
                return false;
            }
            if (k > ve && k < n && (op == Op.EQ || op == Op.ARROW) && "#;,)}\r\n".indexOf(text.charAt(k)) < 0) {
                return false; // $pw = ConvertTo-SecureString "…" -AsPlainText: an expression, not a literal
            }
        }
        return true;
    }

    /**
     * A call ({@code getenv("X")}, {@code os.urandom(24)}), an index ({@code ENV['X']}) or a
     * template ({@code {x}}): code, not a literal. {@code yourStrong(!)Password} is a literal.
     */
    private static boolean isCodeExpression(String text, int vs, int ve) {
        for (int i = vs; i < ve; i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                return true;
            }
            if (c == '(') {
                boolean calleeIsName = i > vs && (SecretValues.isAlnum(text.charAt(i - 1)) || text.charAt(i - 1) == '_');
                for (int k = vs; k < i && calleeIsName; k++) {
                    char d = text.charAt(k);
                    calleeIsName = SecretValues.isAlnum(d) || d == '_' || d == '.' || d == ':';
                }
                char next = i + 1 < text.length() ? text.charAt(i + 1) : ')';
                if (calleeIsName && (next == ')' || SecretValues.isAlnum(next) || "_\"'$([{*&".indexOf(next) >= 0
                        || i + 1 >= ve)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int flagStart(String text, int ws) {
        int s = ws;
        while (s > 0 && text.charAt(s - 1) == '-') {
            s--;
        }
        return s;
    }

    /** The whitespace-separated token ending right before {@code end} (exclusive), lower case. */
    private static String previousToken(String text, int end) {
        int e = end;
        while (e > 0 && SecretValues.isSpace(text.charAt(e - 1))) {
            e--;
        }
        int s = e;
        while (s > 0 && e - s < 20 && SecretValues.isLetter(text.charAt(s - 1))) {
            s--;
        }
        return SecretValues.lowerCase(text, s, e);
    }

    /**
     * Source code rather than a config file around {@code at}: then {@code password = credentials}
     * names a variable. Looks at a window, so the cost per candidate stays bounded.
     */
    private static boolean looksLikeCode(String text, int at) {
        int from = Math.max(0, at - 400);
        int to = Math.min(text.length(), at + 400);
        for (String marker : CODE_MARKERS) {
            if (SecretValues.indexOf(text, marker, from, to) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static final String[] CODE_MARKERS = {"def ", "import ", "return ", "function", "const ", "let ", "var ",
        "self.", "this.", "public ", "private ", "=>", ");", "func ", "class ", "if (", "for (", "#include"};

    private static boolean isTitleWord(String text, int vs, int ve) {
        if (ve - vs < 2 || ve - vs > 14 || !SecretValues.isUpper(text.charAt(vs))) {
            return false;
        }
        for (int i = vs + 1; i < ve; i++) {
            if (!SecretValues.isLower(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** End of line or of a shell command after a value: {@code \n}, {@code |}, {@code ;}, {@code &&}, {@code \}. */
    private static boolean commandEndFollows(String text, int from) {
        int k = from;
        while (k < text.length() && SecretValues.isSpace(text.charAt(k))) {
            k++;
        }
        return k >= text.length() || "\r\n|;&\\`\")'".indexOf(text.charAt(k)) >= 0;
    }

    private static boolean flagFollows(String text, int from) {
        int k = from;
        while (k < text.length() && SecretValues.isSpace(text.charAt(k))) {
            k++;
        }
        return k > from && k < text.length() && text.charAt(k) == '-';
    }

    /** Letters and underscores only, no digits: {@code credentials}, {@code user_pw}. */
    private static boolean isPlainWord(String text, int vs, int ve) {
        for (int i = vs; i < ve; i++) {
            char c = text.charAt(i);
            if (!(SecretValues.isLetter(c) || c == '_')) {
                return false;
            }
        }
        return ve > vs;
    }

    /** {@code password = password}, {@code token: apiToken}: a variable that holds the secret, not the secret. */
    private static boolean isIdentifierNamedLikeSecret(String text, int vs, int ve) {
        for (int i = vs; i < ve; i++) {
            char c = text.charAt(i);
            if (!(SecretValues.isAlnum(c) || c == '_')) {
                return false;
            }
        }
        return SecretValues.isLower(text.charAt(vs)) && (SecretValues.containsIgnoreCase(text, "pass", vs, ve)
                || SecretValues.containsIgnoreCase(text, "pwd", vs, ve) || SecretValues.containsIgnoreCase(text, "secret", vs, ve)
                || SecretValues.containsIgnoreCase(text, "token", vs, ve) || SecretValues.containsIgnoreCase(text, "key", vs, ve))
                && SecretValues.looksLikeVariableName(text, vs, ve)
                || SecretValues.equalsIgnoreCase(text, vs, ve, "pwd") || SecretValues.equalsIgnoreCase(text, vs, ve, "passwd");
    }

    private static boolean isFormatString(String text, int vs, int ve) {
        return SecretValues.indexOf(text, "%s", vs, ve) >= 0 || SecretValues.indexOf(text, "{}", vs, ve) >= 0
                || SecretValues.indexOf(text, "<%", vs, ve) >= 0;
    }

    private void judgePassword(String text, Op op, boolean quoted, int vs, int ve, int message, List<Finding> out) {
        int len = ve - vs;
        if (SecretValues.isReference(text, vs, ve)) {
            return;
        }
        if (len <= 40 && LABELS.contains(text.substring(vs, ve))) {
            return;
        }
        if (len <= 20 && NON_VALUES.contains(SecretValues.lowerCase(text, vs, ve)) && !quoted) {
            return;
        }
        if (len <= 20 && quoted && isNonValueWord(text, vs, ve)) {
            return;
        }
        if (isProse(text, vs, ve) || SecretValues.looksLikePathOrUrl(text, vs, ve) || isPasswordHash(text, vs, ve)
                || SecretValues.looksLikeEmail(text, vs, ve)) {
            return;
        }
        if (SecretValues.isPlaceholder(text, vs, ve) || SecretValues.isTestValue(text, vs, ve)) {
            if (len >= 3 && (quoted || op != Op.CONNECTOR)) {
                out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, vs, ve, NAME, 0.6));
            }
            return;
        }
        if (len < 3 || !hasAlnum(text, vs, ve)) {
            return;
        }
        double confidence = op == Op.CLI || op == Op.CONNECTOR ? 0.75 : 0.8;
        out.add(new Finding(FindingType.PASSWORD, message, vs, ve, NAME, confidence));
    }

    /** bcrypt, scrypt, argon2, PBKDF2, crypt(3) and LDAP hashes: a digest of a password, not the password. */
    private static boolean isPasswordHash(String text, int vs, int ve) {
        for (String prefix : new String[] {"$2a$", "$2b$", "$2y$", "$argon2", "$scrypt$", "$6$", "$5$", "$1$", "$pbkdf2",
            "pbkdf2_sha256$", "pbkdf2:sha256:", "scrypt:", "{SSHA}", "{SHA}", "{bcrypt}", "{noop}"}) {
            if (text.startsWith(prefix, vs)) {
                return !prefix.equals("{noop}");
            }
        }
        return false;
    }

    private static boolean hasAlnum(String text, int vs, int ve) {
        for (int i = vs; i < ve; i++) {
            if (SecretValues.isAlnum(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code 0x00100000}, {@code 4096}: a number in code, not a secret. */
    private static boolean isNumericLiteral(String text, int vs, int ve) {
        int i = vs;
        if (ve - vs > 2 && text.charAt(vs) == '0' && SecretValues.lower(text.charAt(vs + 1)) == 'x') {
            if (ve - vs > 18) {
                return false;
            }
            i = vs + 2;
            while (i < ve && SecretValues.isHex(text.charAt(i))) {
                i++;
            }
            return i == ve;
        }
        while (i < ve && (SecretValues.isDigit(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == '_')) {
            i++;
        }
        return i == ve && ve - vs <= 12;
    }

    private static boolean isNonValueWord(String text, int vs, int ve) {
        String lower = SecretValues.lowerCase(text, vs, ve);
        return lower.equals("null") || lower.equals("none") || lower.equals("nil") || lower.equals("undefined")
                || lower.equals("true") || lower.equals("false") || lower.equals("string") || lower.equals("str")
                || lower.equals("required") || lower.equals("hidden") || lower.equals("text") || lower.equals("empty");
    }

    /** More than one space, or one space between words such as "Invalid password": a sentence, not a value. */
    private static boolean isProse(String text, int vs, int ve) {
        int spaces = 0;
        for (int i = vs; i < ve; i++) {
            if (SecretValues.isWhitespace(text.charAt(i))) {
                spaces++;
            }
        }
        if (spaces == 0) {
            return false;
        }
        if (spaces >= 2 || ve - vs > 40) {
            return true;
        }
        int i = vs;
        while (i < ve) {
            while (i < ve && !SecretValues.isLetter(text.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < ve && SecretValues.isLetter(text.charAt(i))) {
                i++;
            }
            if (i > s && PROSE_WORDS.contains(SecretValues.lowerCase(text, s, i))) {
                return true;
            }
        }
        return false;
    }

    private void judgeSecret(String text, Kind kind, int vs, int ve, int message, List<Finding> out) {
        // "Bearer abc…" / "token abc…" held in a quoted header value
        int sp = SecretValues.indexOf(text, " ", vs, ve);
        if (sp > vs && sp < ve - 1 && AUTH_SCHEMES.contains(SecretValues.lowerCase(text, vs, sp))) {
            vs = sp + 1;
            while (vs < ve && text.charAt(vs) == ' ') {
                vs++;
            }
        }
        judgeToken(text, kind, vs, ve, message, out, 0.7);
    }

    /** A secret-named value: reference → nothing, placeholder → example, 40-char AWS shape, random shape → API_KEY. */
    private boolean judgeToken(String text, Kind kind, int vs, int ve, int message, List<Finding> out, double confidence) {
        int len = ve - vs;
        if (len <= 0 || SecretValues.isReference(text, vs, ve) || isKnownPublic(text, vs, ve)) {
            return false;
        }
        if (len <= 40 && LABELS.contains(text.substring(vs, ve))) {
            return false;
        }
        if (isNumericLiteral(text, vs, ve)) {
            return false;
        }
        if (SecretValues.equalsIgnoreCase(text, vs, ve, "changeme") || SecretValues.equalsIgnoreCase(text, vs, ve, "change_me")
                || SecretValues.equalsIgnoreCase(text, vs, ve, "change-me") || SecretValues.equalsIgnoreCase(text, vs, ve, "changeit")) {
            out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, vs, ve, NAME, 0.6));
            return true;
        }
        if (len >= 3 && (SecretValues.isPlaceholder(text, vs, ve) || SecretValues.isKnownExample(text, vs, ve)
                || SecretValues.isTestValue(text, vs, ve)
                || (len >= 8 && SecretValues.looksSynthetic(text, vs, ve) && !SecretValues.hasWhitespace(text, vs, ve)))) {
            out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, vs, ve, NAME, 0.6));
            return true;
        }
        boolean aws40 = len == 40 && allBase64(text, vs, ve) && AwsKeyDetector.isSecretLike(text, vs, ve);
        if (kind == Kind.AWS_SECRET && len == 40 && allBase64(text, vs, ve) && !SecretValues.allHex(text, vs, ve)
                && SecretValues.entropy(text, vs, ve) >= 3.5) {
            out.add(new Finding(FindingType.AWS_SECRET_KEY, message, vs, ve, NAME, 0.9));
            return true;
        }
        if (!SecretValues.isSecretShaped(text, vs, ve)) {
            return false;
        }
        if (aws40 && awsContext(text, vs, ve)) {
            out.add(new Finding(FindingType.AWS_SECRET_KEY, message, vs, ve, NAME, 0.8));
            return true;
        }
        out.add(new Finding(FindingType.API_KEY, message, vs, ve, NAME, confidence));
        return true;
    }

    private static boolean allBase64(String text, int vs, int ve) {
        for (int i = vs; i < ve; i++) {
            if (!SecretValues.isB64(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean awsContext(String text, int vs, int ve) {
        int from = Math.max(0, vs - 400);
        int to = Math.min(text.length(), ve + 400);
        return SecretValues.containsIgnoreCase(text, "aws", from, to) || SecretValues.indexOf(text, "AKIA", from, to) >= 0
                || SecretValues.indexOf(text, "ASIA", from, to) >= 0;
    }

    /** Values that are public by design even under a key name: Stripe publishable keys, SSH public keys. */
    private static boolean isKnownPublic(String text, int vs, int ve) {
        return text.startsWith("pk_live_", vs) || text.startsWith("pk.eyJ", vs) || text.startsWith("ssh-", vs)
                || text.startsWith("ecdsa-", vs) || text.startsWith("npub1", vs) || text.startsWith("age1", vs);
    }

    private int placeholderInContext(String text, Kind kind, int vs, int ve, int message, List<Finding> out) {
        // <password>, <your-api-key>, <TOKEN>: report only if the brackets name a secret, not "<unk>" or "</s>"
        if (SecretValues.indexOf(text, "/", vs, ve) == vs + 1) {
            return -1;
        }
        if (SecretValues.isMarkupOrType(text, vs, ve)) {
            return -1;
        }
        String inner = SecretValues.lowerCase(text, vs + 1, ve - 1);
        if (inner.contains("key") || inner.contains("token") || inner.contains("secret") || inner.contains("pass")
                || inner.contains("pwd") || inner.contains("your") || inner.contains("cred") || inner.contains("redacted")
                || inner.contains("value") || inner.contains("here") || kind == Kind.PASSWORD && inner.length() >= 3) {
            out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, vs, ve, NAME, 0.6));
            return ve;
        }
        return -1;
    }

    // =================================================================== headers

    private int authorization(String text, int vstart, Op op, int message, List<Finding> out) {
        if (op != Op.COLON && op != Op.EQ && op != Op.ARROW && op != Op.PAIR) {
            return -1;
        }
        int n = text.length();
        int v = vstart;
        while (v < n && SecretValues.isSpace(text.charAt(v))) {
            v++;
        }
        char q = 0;
        if (v < n && (text.charAt(v) == '"' || text.charAt(v) == '\'')) {
            q = text.charAt(v);
            v++;
        } else if (v + 1 < n && text.charAt(v) == '\\' && text.charAt(v + 1) == '"') {
            q = '\\';
            v += 2;
        }
        int se = v;
        while (se < n && (SecretValues.isLetter(text.charAt(se)) || text.charAt(se) == '-')) {
            se++;
        }
        int ts = se;
        while (ts < n && text.charAt(ts) == ' ') {
            ts++;
        }
        String scheme = SecretValues.lowerCase(text, v, se);
        if (se > v && ts > se && scheme.equals("basic")) {
            return basic(text, se, message, out);
        }
        int tokenStart = se > v && ts > se && AUTH_SCHEMES.contains(scheme) ? ts : v;
        if (tokenStart < n && (text.charAt(tokenStart) == '<')) {
            int gt = SecretValues.indexOf(text, '>', tokenStart, tokenStart + 81);
            if (gt > 0 && gt - tokenStart < 80) {
                out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, tokenStart, gt + 1, NAME, 0.6));
                return gt + 1;
            }
            return -1;
        }
        int te = tokenEnd(text, tokenStart, q);
        if (te - tokenStart < 3) {
            return -1;
        }
        if (q == 0 && (isCodeExpression(text, tokenStart, te) || SecretValues.isDottedIdentifier(text, tokenStart, te))) {
            return -1; // authorization = base64.decodebytes(authorization)
        }
        return judgeToken(text, Kind.SECRET, tokenStart, te, message, out, 0.75) ? te : -1;
    }

    private static int tokenEnd(String text, int from, char quote) {
        int n = text.length();
        int e = from;
        while (e < n && e - from < 8192) {
            char c = text.charAt(e);
            if (SecretValues.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == ',' || c == ';' || c == ')'
                    || c == '}' || c == ']' || c == '>' || (c == '\\' && quote == '\\')) {
                break;
            }
            e++;
        }
        return e;
    }

    /** {@code Bearer <token>} anywhere (headers, curl, docs): the token. */
    private int bearer(String text, int we, int message, List<Finding> out) {
        int n = text.length();
        int p = we;
        while (p < n && text.charAt(p) == ' ' && p - we < 3) {
            p++;
        }
        if (p == we || p >= n) {
            return -1;
        }
        char c = text.charAt(p);
        if (c == '<') {
            int gt = SecretValues.indexOf(text, '>', p, p + 81);
            if (gt > 0 && gt - p < 80 && SecretValues.indexOf(text, "\n", p, gt) < 0) {
                out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, p, gt + 1, NAME, 0.6));
                return gt + 1;
            }
            return -1;
        }
        int e = tokenEnd(text, p, (char) 0);
        if (e - p < 3) {
            return -1;
        }
        return judgeToken(text, Kind.SECRET, p, e, message, out, 0.75) ? e : -1;
    }

    /** {@code Basic dXNlcjpwYXNz}: base64 of user:password → PASSWORD (the encoded span). */
    private int basic(String text, int we, int message, List<Finding> out) {
        int n = text.length();
        int p = we;
        while (p < n && text.charAt(p) == ' ' && p - we < 3) {
            p++;
        }
        if (p == we) {
            return -1;
        }
        int e = p;
        while (e < n && (SecretValues.isB64(text.charAt(e)) || text.charAt(e) == '=')) {
            e++;
        }
        if (e - p < 8 || e - p > 1024 || (e < n && SecretValues.isAlnum(text.charAt(e)))) {
            return -1;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(text.substring(p, e)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return -1;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            return -1;
        }
        for (int i = 0; i < decoded.length(); i++) {
            if (decoded.charAt(i) < 0x20 || decoded.charAt(i) == 0xFFFD) {
                return -1;
            }
        }
        String user = decoded.substring(0, colon).toLowerCase(Locale.ROOT);
        String pass = decoded.substring(colon + 1);
        boolean example = SecretValues.isPlaceholder(pass, 0, pass.length()) || SecretValues.isKnownExample(text, p, e)
                || (user.equals("user") || user.equals("username")) && (pass.equals("pass") || pass.equals("password"));
        if (SecretValues.isReference(pass, 0, pass.length())) {
            return e;
        }
        out.add(new Finding(example ? FindingType.EXAMPLE_CREDENTIAL : FindingType.PASSWORD, message, p, e, NAME,
                example ? 0.6 : 0.8));
        return e;
    }

    /** SQL {@code IDENTIFIED BY 'secret'} (optionally {@code IDENTIFIED WITH plugin BY …}). */
    private int identifiedBy(String text, int we, int message, List<Finding> out) {
        int lineStart = SecretValues.lineStart(text, we, 300);
        boolean sql = SecretValues.indexOf(text, "IDENTIFIED", we - 10, we) >= 0
                || SecretValues.containsIgnoreCase(text, "user", lineStart, we)
                || SecretValues.containsIgnoreCase(text, "role", lineStart, we);
        if (!sql) {
            return -1; // "a sequence identified by 'x'" in prose
        }
        int limit = Math.min(text.length(), we + 60);
        int by = SecretValues.indexOfIgnoreCase(text, " by ", we - 1, limit);
        if (by < 0) {
            return -1;
        }
        int p = by + 4;
        while (p < limit && SecretValues.isSpace(text.charAt(p))) {
            p++;
        }
        if (SecretValues.indexOfIgnoreCase(text, "password", p, Math.min(limit, p + 8)) == p) {
            p += 8;
            while (p < limit && SecretValues.isSpace(text.charAt(p))) {
                p++;
            }
        }
        if (p >= text.length() || (text.charAt(p) != '\'' && text.charAt(p) != '"')) {
            return -1;
        }
        int ve = closingQuote(text, p + 1, text.charAt(p));
        if (ve <= p + 1) {
            return -1;
        }
        judgePassword(text, Op.QUOTED_ONLY, true, p + 1, ve, message, out);
        return ve + 1;
    }

    // =================================================================== command lines

    /** {@code curl -u user:secret} / {@code --user user:secret}: the password part. */
    private void curlUser(String text, int message, List<Finding> out) {
        for (String flag : new String[] {" -u ", " --user ", " -u'", " -u\""}) {
            int from = 0;
            int f;
            while ((f = text.indexOf(flag, from)) >= 0) {
                from = f + flag.length();
                int lineStart = SecretValues.lineStart(text, f, 300);
                if (SecretValues.indexOf(text, "curl", lineStart, f) < 0 && !continuationOfCurl(text, lineStart)) {
                    continue;
                }
                int p = flag.endsWith(" ") ? from : from - 1;
                char q = 0;
                if (p < text.length() && (text.charAt(p) == '"' || text.charAt(p) == '\'')) {
                    q = text.charAt(p);
                    p++;
                }
                int e = p;
                while (e < text.length() && e - p < 256 && !SecretValues.isWhitespace(text.charAt(e))
                        && (q == 0 ? text.charAt(e) != '"' && text.charAt(e) != '\'' : text.charAt(e) != q)) {
                    e++;
                }
                int colon = SecretValues.indexOf(text, ":", p, e);
                if (colon <= p || e - colon - 1 < 3) {
                    continue;
                }
                int ps = colon + 1;
                if (SecretValues.isReference(text, ps, e) || SecretValues.isReference(text, p, e)) {
                    continue;
                }
                boolean example = SecretValues.isPlaceholder(text, ps, e)
                        || (SecretValues.equalsIgnoreCase(text, p, colon, "user") || SecretValues.equalsIgnoreCase(text, p, colon, "username"))
                        && (SecretValues.equalsIgnoreCase(text, ps, e, "pass") || SecretValues.equalsIgnoreCase(text, ps, e, "password"));
                out.add(new Finding(example ? FindingType.EXAMPLE_CREDENTIAL : FindingType.PASSWORD, message, ps, e, NAME,
                        example ? 0.6 : 0.75));
            }
        }
    }

    private static boolean continuationOfCurl(String text, int lineStart) {
        // "curl https://… \" on the line before
        if (lineStart < 2) {
            return false;
        }
        int prevEnd = lineStart - 1;
        int prevStart = SecretValues.lineStart(text, prevEnd, 300);
        return SecretValues.indexOf(text, "curl", prevStart, prevEnd) >= 0 && text.charAt(prevEnd - 1) == '\\';
    }

    /** {@code mysql -u root -pS3cret}, {@code mysqldump -p'…'}, {@code sshpass -p …}, {@code docker login -p …}. */
    private void commandPasswordFlag(String text, int message, List<Finding> out) {
        passwordFlag(text, " -p", message, out);
        if (text.indexOf("redis-cli") >= 0) {
            passwordFlag(text, " -a", message, out);
        }
    }

    /** {@code flag} followed by a password: glued for mysql ({@code -pS3cret}), spaced for sshpass, docker login, redis-cli. */
    private void passwordFlag(String text, String flag, int message, List<Finding> out) {
        boolean redis = flag.equals(" -a");
        int from = 0;
        int f;
        while ((f = text.indexOf(flag, from)) >= 0) {
            from = f + 3;
            if (from >= text.length()) {
                break;
            }
            int lineStart = SecretValues.lineStart(text, f, 300);
            boolean mysql = !redis && (SecretValues.indexOf(text, "mysql", lineStart, f) >= 0
                    || SecretValues.indexOf(text, "mariadb", lineStart, f) >= 0);
            boolean spaced = redis ? SecretValues.indexOf(text, "redis-cli", lineStart, f) >= 0
                    : SecretValues.indexOf(text, "sshpass", lineStart, f) >= 0
                    || SecretValues.indexOf(text, "docker login", lineStart, f) >= 0;
            int p = from;
            char next = text.charAt(p);
            if (mysql && !SecretValues.isWhitespace(next)) {
                // value glued to the flag
            } else if (spaced && next == ' ') {
                p++;
            } else {
                continue;
            }
            char q = 0;
            if (p < text.length() && (text.charAt(p) == '"' || text.charAt(p) == '\'')) {
                q = text.charAt(p);
                p++;
            }
            int e = p;
            while (e < text.length() && e - p < 256 && (q == 0 ? !SecretValues.isWhitespace(text.charAt(e))
                    && text.charAt(e) != '"' && text.charAt(e) != '\'' : text.charAt(e) != q)) {
                e++;
            }
            if (e - p < 2 || text.charAt(p) == '-' || SecretValues.isReference(text, p, e)) {
                continue;
            }
            boolean example = SecretValues.isPlaceholder(text, p, e);
            out.add(new Finding(example ? FindingType.EXAMPLE_CREDENTIAL : FindingType.PASSWORD, message, p, e, NAME,
                    example ? 0.6 : 0.7));
            from = e;
        }
    }
}
