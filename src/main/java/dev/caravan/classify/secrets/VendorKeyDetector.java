package dev.caravan.classify.secrets;

import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys with a vendor's prefix and length: Google (AIza, GOCSPX-, ya29.), GitHub (ghp_ … ghr_,
 * github_pat_), Slack tokens and webhooks, Stripe (sk_/rk_ live and test, pk_test_, whsec_),
 * OpenAI (sk-proj-, sk-svcacct-, sk-admin-, legacy sk- with T3BlbkFJ), Anthropic (sk-ant-…), and
 * {@code API_KEY} for the others (GitLab, npm, PyPI, Hugging Face, SendGrid, Twilio, Mailgun,
 * Shopify, New Relic, DigitalOcean, Databricks, Atlassian, Heroku, Postman, Vault, …).
 *
 * <p>One pass over the text: at each token start (a character not preceded by a letter or digit)
 * the first character selects the few prefixes that can begin there; only a literal prefix hit runs
 * that key's precompiled, bounded pattern. A prefix followed by a placeholder ({@code sk-...},
 * {@code ghp_xxxx}, {@code xoxb-your-token}) and a matching key with a synthetic body are
 * {@code EXAMPLE_CREDENTIAL}. Stripe publishable live keys ({@code pk_live_}) are public by design
 * and not reported. The span is the key itself.
 */
final class VendorKeyDetector implements Detector {

    static final String NAME = "vendor-prefix";

    /** What to do with a match beyond reporting it as its type. */
    private enum Check { NONE, SK, TWILIO_ACCOUNT, MIXED, ALL_CLASSES }

    private record Rule(String[] prefixes, Pattern pattern, FindingType type, double confidence, boolean placeholders,
                        Check check, int maxLength) {
    }

    private static final List<Rule> RULES = new ArrayList<>();
    /** Rules by the first two characters of their prefixes: most token starts select none. */
    private static final Rule[][] BY_PREFIX = new Rule[128 * 128][];

    private static void rule(String prefixes, String regex, FindingType type, double confidence, boolean placeholders) {
        rule(prefixes, regex, type, confidence, placeholders, Check.NONE, 512);
    }

    private static void rule(String prefixes, String regex, FindingType type, double confidence, boolean placeholders,
                             Check check, int maxLength) {
        RULES.add(new Rule(prefixes.split(" "), Pattern.compile(regex), type, confidence, placeholders, check, maxLength));
    }

    static {
        FindingType google = FindingType.GOOGLE_API_KEY;
        FindingType api = FindingType.API_KEY;
        rule("AIza", "AIza[0-9A-Za-z_-]{35}+(?![0-9A-Za-z_-])", google, 0.95, true);
        rule("GOCSPX-", "GOCSPX-[0-9A-Za-z_-]{24,40}+(?![0-9A-Za-z_-])", google, 0.95, true);
        rule("ya29.", "ya29\\.[0-9A-Za-z_-]{30,2048}+(?![0-9A-Za-z_-])", google, 0.85, false, Check.NONE, 2100);
        rule("ghp_ gho_ ghu_ ghs_ ghr_", "gh[pousr]_[A-Za-z0-9]{36,251}+(?![A-Za-z0-9_])", FindingType.GITHUB_TOKEN, 0.95, true);
        rule("github_pat_", "github_pat_[A-Za-z0-9_]{60,120}+(?![A-Za-z0-9_])", FindingType.GITHUB_TOKEN, 0.95, true);
        rule("xoxe.", "xoxe\\.xox[a-z]-1-[0-9A-Za-z-]{20,300}+(?![0-9A-Za-z-])", FindingType.SLACK_TOKEN, 0.9, false);
        rule("xoxe-", "xoxe-1-[0-9A-Za-z-]{20,300}+(?![0-9A-Za-z-])", FindingType.SLACK_TOKEN, 0.9, false);
        rule("xoxb- xoxp- xoxa- xoxr- xoxs- xoxo-",
                "xox[abprso]-(?:[0-9]{1,20}-){1,4}[0-9A-Za-z]{6,80}+(?![0-9A-Za-z-])", FindingType.SLACK_TOKEN, 0.95, true);
        rule("xoxb- xoxp- xoxa- xoxr- xoxs-", "xox[abprs]-[0-9A-Za-z-]{20,200}+(?![0-9A-Za-z-])", FindingType.SLACK_TOKEN,
                0.8, true, Check.MIXED, 220);
        rule("xapp-", "xapp-[0-9]{1,2}-[A-Z0-9]{6,20}-[0-9]{6,20}-[A-Za-z0-9]{20,100}+(?![0-9A-Za-z-])",
                FindingType.SLACK_TOKEN, 0.95, true);
        rule("sk_live_ sk_test_ rk_live_ rk_test_", "[sr]k_(?:live|test)_[0-9A-Za-z]{24,247}+(?![0-9A-Za-z])",
                FindingType.STRIPE_KEY, 0.95, true);
        rule("pk_test_", "pk_test_[0-9A-Za-z]{24,247}+(?![0-9A-Za-z])", FindingType.STRIPE_KEY, 0.8, true);
        rule("whsec_", "whsec_[A-Za-z0-9+/=]{24,100}+(?![A-Za-z0-9+/=])", FindingType.STRIPE_KEY, 0.9, true);
        rule("sk-", "sk-[A-Za-z0-9_-]{20,300}+(?![A-Za-z0-9_-])", FindingType.OPENAI_API_KEY, 0.95, true, Check.SK, 320);
        rule("sk_", "sk_[a-f0-9]{48}+(?![A-Za-z0-9_])", api, 0.85, false);
        rule("sk.eyJ", "sk\\.eyJ[A-Za-z0-9_-]{40,400}\\.[A-Za-z0-9_-]{16,64}+(?![A-Za-z0-9_-])", api, 0.9, false);
        rule("glpat- gldt- glrt- glptt- glcbt- glft- glimt- glsoat- gloas- glagent-",
                "gl(?:pat|dt|rt|ptt|cbt|ft|imt|soat|oas|agent)-[0-9A-Za-z_.-]{20,120}(?<![.-])(?![0-9A-Za-z_-])", api, 0.95,
                true);
        rule("glsa_", "glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}+(?![A-Za-z0-9])", api, 0.95, false);
        rule("glc_", "glc_[A-Za-z0-9+/]{32,400}={0,2}+(?![A-Za-z0-9+/=])", api, 0.9, false);
        rule("npm_", "npm_[A-Za-z0-9]{36}+(?![A-Za-z0-9])", api, 0.95, true);
        rule("pypi-", "pypi-AgE[A-Za-z0-9_-]{50,400}+(?![A-Za-z0-9_-])", api, 0.95, true);
        rule("hf_", "hf_[A-Za-z0-9]{30,40}+(?![A-Za-z0-9_])", api, 0.9, true);
        rule("api_org_", "api_org_[A-Za-z0-9]{30,40}+(?![A-Za-z0-9_])", api, 0.9, false);
        rule("SG.", "SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}+(?![A-Za-z0-9_-])", api, 0.95, true);
        rule("SK", "SK[0-9a-fA-F]{32}+(?![0-9A-Za-z])", api, 0.85, false);
        rule("AC", "AC[0-9a-f]{32}+(?![0-9A-Za-z])", api, 0.7, false, Check.TWILIO_ACCOUNT, 40);
        rule("key-", "key-[0-9a-zA-Z]{32}+(?![0-9A-Za-z])", api, 0.85, false);
        rule("shpat_ shpss_ shpca_ shppa_", "shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}+(?![0-9A-Za-z])", api, 0.95, true);
        rule("NRAK-", "NRAK-[A-Z0-9]{27}+(?![0-9A-Za-z])", api, 0.95, true);
        rule("NRII-", "NRII-[A-Za-z0-9_-]{32}+(?![0-9A-Za-z_-])", api, 0.9, false);
        rule("NRJS-", "NRJS-[a-f0-9]{19}+(?![0-9A-Za-z])", api, 0.9, false);
        rule("dop_v1_ doo_v1_ dor_v1_", "do[por]_v1_[a-f0-9]{64}+(?![0-9A-Za-z])", api, 0.95, true);
        rule("dapi", "dapi[a-f0-9]{32}(?:-[0-9])?(?![0-9A-Za-z])", api, 0.9, false);
        rule("dp.", "dp\\.(?:st|ct|pt|sa|scim|audit)\\.[A-Za-z0-9_.-]{40,60}+(?![A-Za-z0-9_-])", api, 0.9, false);
        rule("ATATT3", "ATATT3[A-Za-z0-9_=-]{100,300}+(?![A-Za-z0-9_=-])", api, 0.95, false);
        rule("HRKU-", "HRKU-[A-Za-z0-9_-]{20,80}+(?![A-Za-z0-9_-])", api, 0.9, false);
        rule("PMAK-", "PMAK-[a-f0-9]{24}-[a-f0-9]{34}+(?![0-9A-Za-z])", api, 0.95, false);
        rule("lin_api_", "lin_api_[A-Za-z0-9]{40}+(?![0-9A-Za-z])", api, 0.95, false);
        rule("gsk_", "gsk_[A-Za-z0-9]{48,56}+(?![0-9A-Za-z])", api, 0.9, true);
        rule("r8_", "r8_[A-Za-z0-9]{37}+(?![0-9A-Za-z])", api, 0.9, false);
        rule("pplx-", "pplx-[A-Za-z0-9]{40,56}+(?![0-9A-Za-z])", api, 0.9, true);
        rule("xai-", "xai-[A-Za-z0-9]{70,90}+(?![0-9A-Za-z])", api, 0.9, true);
        rule("lsv2_", "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}+(?![0-9A-Za-z])", api, 0.95, false);
        rule("tvly-", "tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}+(?![0-9A-Za-z])", api, 0.9, false);
        rule("hvs. hvb. hvr.", "hv[sbr]\\.[A-Za-z0-9_-]{24,200}+(?![0-9A-Za-z_-])", api, 0.9, false);
        rule("pul-", "pul-[a-f0-9]{40}+(?![0-9A-Za-z])", api, 0.95, false);
        rule("sbp_", "sbp_[a-f0-9]{40}+(?![0-9A-Za-z])", api, 0.95, false);
        rule("sntrys_", "sntrys_[A-Za-z0-9+/=_-]{50,300}+(?![A-Za-z0-9+/=_-])", api, 0.95, false);
        rule("sntryu_", "sntryu_[a-f0-9]{64}+(?![0-9A-Za-z])", api, 0.95, false);
        rule("ntn_", "ntn_[0-9]{11}[A-Za-z0-9]{35}+(?![0-9A-Za-z])", api, 0.95, false);
        rule("secret_", "secret_[A-Za-z0-9]{43}+(?![0-9A-Za-z_])", api, 0.8, false, Check.MIXED, 60);
        rule("pat", "pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}+(?![0-9A-Za-z])", api, 0.9, false);
        rule("sq0atp- sq0csp-", "sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}+(?![0-9A-Za-z_-])", api, 0.95, false);
        rule("EAA", "EAA[A-Za-z0-9]{60,300}+(?![0-9A-Za-z])", api, 0.8, false, Check.ALL_CLASSES, 320);
        rule("access_token$", "access_token\\$(?:production|sandbox)\\$[0-9a-z]{16}\\$[0-9a-f]{32}+(?![0-9A-Za-z])", api,
                0.95, false);
        rule("LTAI", "LTAI[A-Za-z0-9]{12,20}+(?![0-9A-Za-z])", api, 0.85, false, Check.MIXED, 30);
        rule("AKID", "AKID[A-Za-z0-9]{32}+(?![0-9A-Za-z])", api, 0.85, false, Check.MIXED, 40);
        rule("sl.", "sl\\.[A-Za-z0-9_.-]{130,1400}+(?![A-Za-z0-9_-])", api, 0.85, false, Check.MIXED, 1500);
        rule("AAAA", "AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,200}+(?![A-Za-z0-9_-])", api, 0.95, false);

        java.util.Map<Integer, List<Rule>> buckets = new java.util.TreeMap<>();
        for (Rule r : RULES) {
            for (String p : r.prefixes()) {
                List<Rule> bucket = buckets.computeIfAbsent(p.charAt(0) * 128 + p.charAt(1), k -> new ArrayList<>());
                if (!bucket.contains(r)) {
                    bucket.add(r);
                }
            }
        }
        buckets.forEach((k, v) -> BY_PREFIX[k] = v.toArray(new Rule[0]));
    }

    private static final Pattern SK_ANTHROPIC = Pattern.compile(
            "sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,300}+(?![A-Za-z0-9_-])");
    private static final Pattern SK_ANTHROPIC_ANY = Pattern.compile("sk-ant-[A-Za-z0-9_-]{32,300}+(?![A-Za-z0-9_-])");
    private static final Pattern SK_OPENAI_SCOPED = Pattern.compile(
            "sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,300}+(?![A-Za-z0-9_-])");
    private static final Pattern SK_OPENROUTER = Pattern.compile("sk-or-v1-[a-f0-9]{64}+(?![A-Za-z0-9_-])");
    private static final Pattern SLACK_WEBHOOK = Pattern.compile(
            "hooks\\.slack\\.com/(services|workflows|triggers)/([A-Za-z0-9_-]{1,40})/([A-Za-z0-9_-]{1,40})/([A-Za-z0-9_-]{8,80})");
    private static final Pattern DISCORD_WEBHOOK = Pattern.compile(
            "/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,80}+(?![A-Za-z0-9_-])");
    private static final Pattern UUID = Pattern.compile(
            "(?<![0-9A-Fa-f-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}+(?![0-9A-Fa-f-])");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void detect(String text, int message, List<Finding> out) {
        prefixed(text, message, out);
        slackWebhooks(text, message, out);
        discordWebhooks(text, message, out);
        telegramBotTokens(text, message, out);
        mailchimpKeys(text, message, out);
        herokuKeys(text, message, out);
    }

    private static final boolean[] ALNUM = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ALNUM[c] = SecretValues.isAlnum(c);
        }
    }

    private void prefixed(String text, int message, List<Finding> out) {
        int n = text.length();
        char[] cs = text.toCharArray();
        int i = 0;
        while (i + 1 < n) {
            char c = cs[i];
            if (c >= 128 || !ALNUM[c]) {
                i++;
                continue;
            }
            // a token starts at i
            char d = cs[i + 1];
            Rule[] rules = d < 128 ? BY_PREFIX[(c << 7) | d] : null;
            if (rules != null) {
                int end = -1;
                for (Rule r : rules) {
                    String prefix = startingPrefix(text, i, r);
                    if (prefix != null) {
                        end = apply(text, i, r, prefix, message, out);
                        if (end > 0) {
                            break;
                        }
                    }
                }
                if (end > 0) {
                    i = end;
                    continue;
                }
            }
            i++;
            while (i < n && cs[i] < 128 && ALNUM[cs[i]]) {
                i++;
            }
        }
    }

    private static String startingPrefix(String text, int i, Rule r) {
        for (String p : r.prefixes()) {
            if (text.startsWith(p, i)) {
                return p;
            }
        }
        return null;
    }

    /** Reports the key at {@code i} if the rule matches; returns its end, or -1. */
    private int apply(String text, int i, Rule r, String prefix, int message, List<Finding> out) {
        int n = text.length();
        int limit = (int) Math.min(n, (long) i + r.maxLength());
        if (r.check() == Check.SK) {
            return applySk(text, i, limit, prefix, message, out);
        }
        Matcher m = r.pattern().matcher(text).region(i, limit).useTransparentBounds(true).useAnchoringBounds(false);
        if (!m.lookingAt()) {
            return r.placeholders() ? placeholder(text, i, prefix.length(), message, out) : -1;
        }
        int end = m.end();
        FindingType type = r.type();
        double confidence = r.confidence();
        if (r.check() == Check.MIXED && !mixed(text, i + prefix.length(), end)) {
            return -1;
        }
        if (r.check() == Check.ALL_CLASSES && !allClasses(text, i + prefix.length(), end)) {
            return -1;
        }
        if (r.check() == Check.TWILIO_ACCOUNT && !twilioAuthNearby(text, i, end)) {
            return -1;
        }
        if (SecretValues.isExampleKey(text, i, end, i + prefix.length())) {
            type = FindingType.EXAMPLE_CREDENTIAL;
            confidence = 0.9;
        }
        out.add(new Finding(type, message, i, end, NAME, confidence));
        return end;
    }

    /** sk-ant-… (Anthropic), sk-proj-/sk-svcacct-/sk-admin- and T3BlbkFJ keys (OpenAI), sk-or-v1- and other sk- keys. */
    private int applySk(String text, int i, int limit, String prefix, int message, List<Finding> out) {
        FindingType type;
        double confidence;
        int end;
        int bodyStart;
        Matcher m;
        if (text.startsWith("sk-ant-", i)) {
            m = SK_ANTHROPIC.matcher(text).region(i, limit).useTransparentBounds(true).useAnchoringBounds(false);
            if (m.lookingAt()) {
                confidence = 0.95;
                bodyStart = text.indexOf('-', i + 7) + 1;
            } else {
                m = SK_ANTHROPIC_ANY.matcher(text).region(i, limit).useTransparentBounds(true).useAnchoringBounds(false);
                if (!m.lookingAt() || !mixed(text, i + 7, m.end())) {
                    return placeholder(text, i, 7, message, out);
                }
                confidence = 0.85;
                bodyStart = i + 7;
            }
            type = FindingType.ANTHROPIC_API_KEY;
            end = m.end();
        } else if (text.startsWith("sk-or-", i)) {
            m = SK_OPENROUTER.matcher(text).region(i, limit).useTransparentBounds(true).useAnchoringBounds(false);
            if (!m.lookingAt()) {
                return placeholder(text, i, 6, message, out);
            }
            type = FindingType.API_KEY;
            confidence = 0.95;
            end = m.end();
            bodyStart = i + 9;
        } else {
            m = SK_OPENAI_SCOPED.matcher(text).region(i, limit).useTransparentBounds(true).useAnchoringBounds(false);
            if (m.lookingAt()) {
                type = FindingType.OPENAI_API_KEY;
                confidence = 0.95;
                end = m.end();
                bodyStart = text.indexOf('-', i + 3) + 1;
            } else {
                m = RULE_SK.pattern().matcher(text).region(i, limit).useTransparentBounds(true).useAnchoringBounds(false);
                if (!m.lookingAt()) {
                    return placeholder(text, i, 3, message, out);
                }
                end = m.end();
                bodyStart = i + 3;
                if (SecretValues.indexOf(text, "T3BlbkFJ", bodyStart, end) >= 0) {
                    type = FindingType.OPENAI_API_KEY;
                    confidence = 0.95;
                } else if (onlyAlnum(text, bodyStart, end) && end - bodyStart >= 20 && end - bodyStart <= 200
                        && mixed(text, bodyStart, end)) {
                    // in an LLM gateway a bare sk- key is most likely OpenAI's, unless another vendor is named
                    boolean other = otherVendorContext(text, i);
                    type = other ? FindingType.API_KEY : FindingType.OPENAI_API_KEY;
                    confidence = end - bodyStart == 48 || openAiContext(text, i) ? 0.85 : 0.75;
                } else if (SecretValues.isPlaceholder(text, bodyStart, end)) {
                    type = FindingType.EXAMPLE_CREDENTIAL;
                    confidence = 0.9;
                } else {
                    return -1;
                }
            }
        }
        if (type != FindingType.EXAMPLE_CREDENTIAL && SecretValues.isExampleKey(text, i, end, bodyStart)) {
            type = FindingType.EXAMPLE_CREDENTIAL;
            confidence = 0.9;
        }
        out.add(new Finding(type, message, i, end, NAME, confidence));
        return end;
    }

    private static final Rule RULE_SK = RULES.stream().filter(r -> r.check() == Check.SK).findFirst().orElseThrow();

    private static final String[] OTHER_SK_VENDORS = {"deepseek", "moonshot", "kimi", "openrouter", "together",
        "anyscale", "mistral", "dashscope", "qwen", "zhipu", "baichuan", "siliconflow", "groq", "fireworks", "perplexity",
        "litellm", "one-api", "oneapi"};

    private static boolean otherVendorContext(String text, int i) {
        int from = Math.max(0, i - 200);
        if (openAiContext(text, i)) {
            return false;
        }
        for (String vendor : OTHER_SK_VENDORS) {
            if (SecretValues.containsIgnoreCase(text, vendor, from, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean openAiContext(String text, int i) {
        int from = Math.max(0, i - 200);
        return SecretValues.containsIgnoreCase(text, "openai", from, i) || SecretValues.containsIgnoreCase(text, "gpt", from, i);
    }

    /** A prefix followed by a placeholder body ({@code sk-...}, {@code ghp_XXXX}, {@code xoxb-your-token}). */
    private int placeholder(String text, int i, int prefixLength, int message, List<Finding> out) {
        int bodyStart = i + prefixLength;
        int e = bodyStart;
        int n = text.length();
        while (e < n && e - bodyStart < 120 && !stops(text.charAt(e))) {
            e++;
        }
        // skip a scope such as "proj-" or "api03-", then the body must start like a placeholder
        int s = bodyStart;
        int dash = s;
        while (dash < e && dash - s < 10 && SecretValues.isAlnum(text.charAt(dash))) {
            dash++;
        }
        if (dash < e && dash > s && text.charAt(dash) == '-' && SecretValues.isLower(text.charAt(s))) {
            s = dash + 1;
        }
        if (e - bodyStart >= 3 && (SecretValues.startsLikePlaceholder(text, s, e)
                || SecretValues.startsLikePlaceholder(text, bodyStart, e) || e - s <= 40 && SecretValues.isTemplateWords(text, s, e))) {
            out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, i, e, NAME, 0.85));
            return e;
        }
        return -1;
    }

    private static boolean stops(char c) {
        return SecretValues.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == ',' || c == ';' || c == ')'
                || c == '}' || c == ']' || c == '(' || c == '{' || c == '[';
    }

    private static boolean onlyAlnum(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!SecretValues.isAlnum(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Letters and digits both present (upper and lower case count as two classes). */
    private static boolean mixed(String text, int from, int to) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            upper |= SecretValues.isUpper(c);
            lower |= SecretValues.isLower(c);
            digit |= SecretValues.isDigit(c);
        }
        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) >= 2 && (digit || (upper && lower));
    }

    private static boolean allClasses(String text, int from, int to) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            upper |= SecretValues.isUpper(c);
            lower |= SecretValues.isLower(c);
            digit |= SecretValues.isDigit(c);
        }
        return upper && lower && digit;
    }

    /** A Twilio account SID is reported only with its auth token nearby (a label or a 32-hex value). */
    private static boolean twilioAuthNearby(String text, int start, int end) {
        int from = Math.max(0, start - 300);
        int to = Math.min(text.length(), end + 300);
        if (SecretValues.containsIgnoreCase(text, "auth_token", from, to)
                || SecretValues.containsIgnoreCase(text, "authtoken", from, to)
                || SecretValues.containsIgnoreCase(text, "auth token", from, to)) {
            return true;
        }
        int i = from;
        while (i < to) {
            if (!SecretValues.isHex(text.charAt(i))) {
                i++;
                continue;
            }
            int s = i;
            while (i < text.length() && SecretValues.isAlnum(text.charAt(i))) {
                i++;
            }
            if (i - s == 32 && s != start + 2 && SecretValues.allHex(text, s, i) && (s == 0 || !SecretValues.isAlnum(text.charAt(s - 1)))) {
                return true;
            }
        }
        return false;
    }

    private void slackWebhooks(String text, int message, List<Finding> out) {
        int from = 0;
        int h;
        while ((h = text.indexOf("hooks.slack.com/", from)) >= 0) {
            from = h + 16;
            Matcher m = SLACK_WEBHOOK.matcher(text).region(h, Math.min(text.length(), h + 260))
                    .useTransparentBounds(true).useAnchoringBounds(false);
            if (!m.lookingAt()) {
                continue;
            }
            int start = h;
            if (text.startsWith("https://", h - 8)) {
                start = h - 8;
            } else if (text.startsWith("http://", h - 7)) {
                start = h - 7;
            }
            int end = m.end();
            boolean services = "services".equals(m.group(1));
            boolean shaped = !services || (m.group(2).startsWith("T") && m.group(3).startsWith("B") && m.group(4).length() >= 16);
            boolean example = SecretValues.isPlaceholder(text, m.start(2), end)
                    || SecretValues.looksSynthetic(text, m.start(2), m.end(2))
                    || SecretValues.looksSynthetic(text, m.start(4), end);
            if (example) {
                out.add(new Finding(FindingType.EXAMPLE_CREDENTIAL, message, start, end, NAME, 0.9));
            } else if (shaped) {
                out.add(new Finding(FindingType.SLACK_WEBHOOK, message, start, end, NAME, services ? 0.95 : 0.85));
            }
            from = end;
        }
    }

    private void discordWebhooks(String text, int message, List<Finding> out) {
        int from = 0;
        int h;
        while ((h = text.indexOf("/api/webhooks/", from)) >= 0) {
            from = h + 14;
            int host = Math.max(0, h - 40);
            if (!SecretValues.containsIgnoreCase(text, "discord", host, h)) {
                continue;
            }
            Matcher m = DISCORD_WEBHOOK.matcher(text).region(h, Math.min(text.length(), h + 120))
                    .useTransparentBounds(true).useAnchoringBounds(false);
            if (m.lookingAt()) {
                int start = SecretValues.indexOf(text, "http", host, h);
                start = start >= 0 ? start : h;
                out.add(new Finding(FindingType.API_KEY, message, start, m.end(), NAME, 0.9));
                from = m.end();
            }
        }
    }

    /** Telegram bot tokens: {@code 123456789:AA} + 33 base64url characters. */
    private void telegramBotTokens(String text, int message, List<Finding> out) {
        int from = 0;
        int c;
        while ((c = text.indexOf(":AA", from)) >= 0) {
            from = c + 3;
            int s = c;
            while (s > 0 && c - s < 11 && SecretValues.isDigit(text.charAt(s - 1))) {
                s--;
            }
            if (c - s < 8 || c - s > 10 || (s > 0 && SecretValues.isAlnum(text.charAt(s - 1)))) {
                continue;
            }
            int e = c + 1;
            while (e < text.length() && SecretValues.isB64Url(text.charAt(e))) {
                e++;
            }
            if (e - (c + 1) == 35 && mixed(text, c + 1, e)) {
                out.add(new Finding(FindingType.API_KEY, message, s, e, NAME, 0.9));
                from = e;
            }
        }
    }

    /** Mailchimp: 32 hex + {@code -us} + data centre number. */
    private void mailchimpKeys(String text, int message, List<Finding> out) {
        int from = 0;
        int d;
        while ((d = text.indexOf("-us", from)) >= 0) {
            from = d + 3;
            int s = d - 32;
            if (s < 0 || !SecretValues.allHex(text, s, d) || (s > 0 && SecretValues.isAlnum(text.charAt(s - 1)))) {
                continue;
            }
            int e = d + 3;
            while (e < text.length() && e - d < 5 && SecretValues.isDigit(text.charAt(e))) {
                e++;
            }
            if (e > d + 3 && (e == text.length() || !SecretValues.isAlnum(text.charAt(e))) && mixed(text, s, d)) {
                out.add(new Finding(FindingType.API_KEY, message, s, e, NAME, 0.9));
                from = e;
            }
        }
    }

    /** Heroku API keys are UUIDs: reported only right after a mention of Heroku. */
    private void herokuKeys(String text, int message, List<Finding> out) {
        for (String word : new String[] {"heroku", "HEROKU", "Heroku"}) {
            int from = 0;
            int h;
            int mentions = 0;
            while ((h = text.indexOf(word, from)) >= 0 && mentions++ < 64) {
                from = h + word.length();
                int to = Math.min(text.length(), from + 160);
                Matcher m = UUID.matcher(text).region(from, to).useTransparentBounds(true);
                if (m.find() && (m.start() - from <= 60 || keyWordBetween(text, h, m.start()))) {
                    boolean example = SecretValues.looksSynthetic(text, m.start(), m.end())
                            || SecretValues.isPlaceholder(text, m.start(), m.end());
                    out.add(new Finding(example ? FindingType.EXAMPLE_CREDENTIAL : FindingType.API_KEY, message, m.start(),
                            m.end(), NAME, 0.75));
                    from = m.end();
                }
            }
        }
    }

    private static boolean keyWordBetween(String text, int from, int to) {
        return SecretValues.containsIgnoreCase(text, "key", from, to) || SecretValues.containsIgnoreCase(text, "token", from, to)
                || SecretValues.containsIgnoreCase(text, "auth", from, to);
    }
}
