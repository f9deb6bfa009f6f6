package dev.caravan.classify.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.classify.Classification;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import dev.caravan.classify.Sensitivity;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Span convention under test: a finding covers the VALUE only (the key, or the assignment's value
 * inside its quotes), so that redaction replaces just the value; where the unit itself is the
 * secret (PEM block, connection string, JWT, webhook URL) it covers that unit. Test values are
 * random with real formats, assembled from parts so that no full key sits in one literal.
 */
class SecretDetectorsTest {

    private static final Classifier CLASSIFIER = new Classifier(SecretDetectors.all());

    // random, format-valid, not real
    static final String AWS_ID = "AKIA" + "Z3MN7QW2ER5TY6UI";
    static final String AWS_SECRET = "Jx9/kLm2Nq4Rs6Tu8Vw0" + "Xy1Za3Bc5De7Fg9Hi+Kl";
    static final String GOOGLE = "AIza" + "SyB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z";
    static final String GITHUB = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5";
    static final String GITHUB_PAT = "github_pat_" + "11AB3DE5F0aB3dE5fG7hJ9_" + "kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3vW5xY7zA9bC1";
    static final String SLACK = "xoxb-" + "23847561029-9384756102938-AbCdEfGhIjKlMnOpQrStUvWx";
    static final String SLACK_HOOK = "https://hooks.slack.com/services/" + "T024BE7LD/B01ABCD2EFG/Xk9Lm2Nq4Rs6Tu8Vw0Xy1Za3";
    static final String STRIPE = "sk_live_" + "51HaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
    static final String OPENAI = "sk-proj-" + "Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dT3BlbkFJ9fG1hJ3kL5mN7pQ9rS1tU3vW5xY7zA9bC1";
    static final String OPENAI_LEGACY = "sk-" + "Ab3dE5fG7hJ9kL1mN3pQ" + "T3BlbkFJ" + "5rS7tU9vW1xY3zA5bC7d";
    static final String ANTHROPIC = "sk-ant-api03-" + "Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3vW5xY7zA9bC1dE3fG5hJ7kL9mN1pQ3rS5-AA";
    static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImFiYyJ9" + ".eyJpc3MiOiJodHRwczovL2F1dGgubG9jYWwiLCJzdWIiOiJ1c2VyLTQyIn0"
            + ".Qm9ndXNTaWduYXR1cmVWYWx1ZUZvclRlc3RpbmdPbmx5MTIz";
    static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n"
            + "MIIEowIBAAKCAQEA1b2c3d4e5f6g7h8i9j0kLmNoPqRsTuVwXyZ0123456789abcdefABCDEF\n"
            + "ghijklmnopQRSTUVWX0123456789+/abcdefGHIJKLmnopqrSTUVwxyz0123456789ab\n"
            + "-----END RSA PRIVATE KEY-----";

    // ------------------------------------------------------------------ helpers

    private static List<Finding> findings(String text) {
        return CLASSIFIER.classify(text).findings();
    }

    private static Set<FindingType> types(String text) {
        Set<FindingType> types = EnumSet.noneOf(FindingType.class);
        findings(text).forEach(f -> types.add(f.type()));
        return types;
    }

    private static Finding only(String text, FindingType type) {
        List<Finding> ofType = findings(text).stream().filter(f -> f.type() == type).toList();
        assertThat(ofType).as("findings of %s in %s", type, text).hasSize(1);
        return ofType.get(0);
    }

    private static String span(String text, Finding f) {
        return text.substring(f.start(), f.end());
    }

    private static void assertValue(String text, FindingType type, String value) {
        assertThat(span(text, only(text, type))).isEqualTo(value);
    }

    // ------------------------------------------------------------------ contract

    @Nested
    class Contract {

        @Test
        void should_return_six_named_detectors_when_asked_for_all() {
            assertThat(SecretDetectors.all()).extracting(Detector::name)
                    .containsExactly("pem-block", "aws", "jwt", "vendor-prefix", "connection-string", "assignment");
        }

        @Test
        void should_hold_offsets_but_never_the_value_when_reporting_a_finding() {
            String text = "export AWS_SECRET_ACCESS_KEY=" + AWS_SECRET + " and token " + GITHUB;
            List<Finding> found = findings(text);

            assertThat(found).isNotEmpty();
            assertThat(Arrays.stream(Finding.class.getRecordComponents()).map(RecordComponent::getType))
                    .allMatch(t -> t.isPrimitive() || t.isEnum() || t == String.class);
            for (Finding f : found) {
                assertThat(f.toString()).doesNotContain(span(text, f));
                assertThat(f.detector()).doesNotContain(span(text, f));
            }
        }

        @Test
        void should_report_nothing_when_text_is_empty_or_plain_prose() {
            assertThat(findings("")).isEmpty();
            assertThat(findings("Could you summarise the attached release notes in three bullet points?")).isEmpty();
        }

        @Test
        void should_give_the_same_findings_when_detectors_run_on_many_threads() throws Exception {
            String text = "DB_PASSWORD=Xk29fjQ3!x\nGITHUB_TOKEN=" + GITHUB + "\n" + PEM;
            List<Finding> expected = findings(text);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Finding>>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    results.add(pool.submit(() -> findings(text)));
                }
                for (Future<List<Finding>> r : results) {
                    assertThat(r.get()).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void should_report_offsets_in_the_right_message_when_classifying_several_texts() {
            Classification c = CLASSIFIER.classify(List.of("nothing here", "key " + GITHUB));

            assertThat(c.findings()).singleElement().satisfies(f -> {
                assertThat(f.message()).isEqualTo(1);
                assertThat(f.start()).isEqualTo(4);
            });
            assertThat(c.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        }
    }

    // ------------------------------------------------------------------ keys by format

    @Nested
    class PrivateKeys {

        @Test
        void should_span_the_whole_block_when_a_pem_private_key_is_pasted() {
            String text = "here is the key:\n" + PEM + "\nthanks";
            assertValue(text, FindingType.PRIVATE_KEY, PEM);
        }

        @ParameterizedTest
        @ValueSource(strings = {"PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY"})
        void should_report_private_key_when_label_is_any_private_key_kind(String label) {
            String block = PEM.replace("RSA PRIVATE KEY", label);
            assertValue("x " + block, FindingType.PRIVATE_KEY, block);
        }

        @Test
        void should_report_private_key_when_pgp_private_key_block() {
            String block = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + PEM.substring(32, PEM.length() - 30)
                    + "\n=Ab3d\n-----END PGP PRIVATE KEY BLOCK-----";
            assertValue(block, FindingType.PRIVATE_KEY, block);
        }

        @Test
        void should_span_to_end_of_body_when_block_is_truncated_after_a_real_body() {
            String truncated = PEM.substring(0, PEM.indexOf("-----END"));
            String text = "my key:\n" + truncated;
            assertValue(text, FindingType.PRIVATE_KEY, truncated.strip());
        }

        @Test
        void should_report_private_key_when_pem_is_json_escaped() {
            String escaped = PEM.replace("\n", "\\n");
            String text = "{\"type\": \"service_account\", \"private_key\": \"" + escaped + "\\n\"}";
            assertValue(text, FindingType.PRIVATE_KEY, escaped);
        }

        @Test
        void should_report_private_key_when_pem_is_base64_encoded() {
            String encoded = Base64.getEncoder().encodeToString(PEM.getBytes());
            assertValue("data:\n  tls.key: " + encoded + "\n", FindingType.PRIVATE_KEY, encoded);
        }

        @Test
        void should_report_nothing_when_block_is_a_certificate_or_public_key() {
            assertThat(findings(PEM.replace("RSA PRIVATE KEY", "CERTIFICATE"))).isEmpty();
            assertThat(findings(PEM.replace("RSA PRIVATE KEY", "PUBLIC KEY"))).isEmpty();
        }

        @Test
        void should_report_example_when_block_body_is_elided() {
            assertThat(types("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"))
                    .containsExactly(FindingType.EXAMPLE_CREDENTIAL);
        }
    }

    @Nested
    class Aws {

        @Test
        void should_report_access_and_secret_key_when_credentials_file() {
            String text = "[default]\naws_access_key_id = " + AWS_ID + "\naws_secret_access_key = " + AWS_SECRET + "\n";
            assertValue(text, FindingType.AWS_ACCESS_KEY, AWS_ID);
            assertValue(text, FindingType.AWS_SECRET_KEY, AWS_SECRET);
        }

        @ParameterizedTest
        @ValueSource(strings = {"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA"})
        void should_report_access_key_when_id_has_a_known_prefix(String prefix) {
            String id = prefix + AWS_ID.substring(4);
            assertValue("id: " + id, FindingType.AWS_ACCESS_KEY, id);
        }

        @Test
        void should_report_secret_when_a_40_char_value_is_near_an_access_key_id() {
            String text = "key id is " + AWS_ID + " and the secret is " + AWS_SECRET + " , bucket media";
            assertValue(text, FindingType.AWS_SECRET_KEY, AWS_SECRET);
        }

        @Test
        void should_report_secret_when_assigned_to_secret_access_key_name() {
            assertValue("{\"SecretAccessKey\": \"" + AWS_SECRET + "\"}", FindingType.AWS_SECRET_KEY, AWS_SECRET);
        }

        @Test
        void should_report_example_when_aws_published_example_keys() {
            String text = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
            assertThat(types(text)).containsExactly(FindingType.EXAMPLE_CREDENTIAL);
            assertThat(findings(text)).hasSize(2);
        }

        @Test
        void should_report_nothing_when_a_git_sha_is_near_an_access_key_prefix_in_prose() {
            assertThat(findings("Access key ids start with AKIA; commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")).isEmpty();
        }

        @Test
        void should_report_nothing_when_id_is_part_of_a_longer_word() {
            assertThat(findings("XAKIAZ3MN7QW2ER5TY6UI and " + AWS_ID + "Q")).isEmpty();
        }
    }

    @Nested
    class Vendors {

        static Stream<Arguments> keys() {
            return Stream.of(
                    Arguments.of(GOOGLE, FindingType.GOOGLE_API_KEY),
                    Arguments.of("GOCSPX-" + "Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9v", FindingType.GOOGLE_API_KEY),
                    Arguments.of(GITHUB, FindingType.GITHUB_TOKEN),
                    Arguments.of("ghs_" + GITHUB.substring(4), FindingType.GITHUB_TOKEN),
                    Arguments.of(GITHUB_PAT, FindingType.GITHUB_TOKEN),
                    Arguments.of(SLACK, FindingType.SLACK_TOKEN),
                    Arguments.of("xoxp-" + "23847561029-23847561030-9384756102938-0a1b2c3d4e5f60718293a4b5c6d7e8f9", FindingType.SLACK_TOKEN),
                    Arguments.of("xapp-1-" + "A0B1C2D3E4F-9384756102938-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
                            FindingType.SLACK_TOKEN),
                    Arguments.of(SLACK_HOOK, FindingType.SLACK_WEBHOOK),
                    Arguments.of(STRIPE, FindingType.STRIPE_KEY),
                    Arguments.of("rk_live_" + STRIPE.substring(8), FindingType.STRIPE_KEY),
                    Arguments.of("sk_test_" + STRIPE.substring(8), FindingType.STRIPE_KEY),
                    Arguments.of("pk_test_" + STRIPE.substring(8), FindingType.STRIPE_KEY),
                    Arguments.of(OPENAI, FindingType.OPENAI_API_KEY),
                    Arguments.of(OPENAI_LEGACY, FindingType.OPENAI_API_KEY),
                    Arguments.of("sk-svcacct-" + OPENAI.substring(8), FindingType.OPENAI_API_KEY),
                    Arguments.of(ANTHROPIC, FindingType.ANTHROPIC_API_KEY),
                    Arguments.of("sk-ant-admin01-" + ANTHROPIC.substring(13), FindingType.ANTHROPIC_API_KEY),
                    Arguments.of("glpat-" + "Ab3dE5fG7hJ9kL1mN3pQ", FindingType.API_KEY),
                    Arguments.of("npm_" + "Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", FindingType.API_KEY),
                    Arguments.of("pypi-AgEIcHlwaS5vcmc" + "CJDk3NzQ1ZjYtYjM4ZS00ZGJjLWE1ZmMtN2Q0YjE5ZTA4YzM2AAIqWzMsImRmZjA", FindingType.API_KEY),
                    Arguments.of("hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh", FindingType.API_KEY),
                    Arguments.of("SG." + "Ab3dE5fG7hJ9kL1mN3pQ5r" + "." + "S7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3vW", FindingType.API_KEY),
                    Arguments.of("SK" + "0a1b2c3d4e5f60718293a4b5c6d7e8f9", FindingType.API_KEY),
                    Arguments.of("key-" + "3ax6xnjp29jd6fds4gc373sgvjxteol0", FindingType.API_KEY),
                    Arguments.of("shpat_" + "0a1b2c3d4e5f60718293a4b5c6d7e8f9", FindingType.API_KEY),
                    Arguments.of("NRAK-" + "A1B2C3D4E5F6G7H8J9K0L1M2N3P", FindingType.API_KEY),
                    Arguments.of("dop_v1_" + "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", FindingType.API_KEY),
                    Arguments.of("dapi" + "0a1b2c3d4e5f60718293a4b5c6d7e8f9", FindingType.API_KEY));
        }

        @ParameterizedTest
        @MethodSource("keys")
        void should_report_the_key_type_with_the_key_span_when_vendor_key_is_pasted(String key, FindingType type) {
            String text = "please check this one: " + key + " (rotated yesterday)";
            Finding f = only(text, type);
            assertThat(span(text, f)).isEqualTo(key);
            assertThat(f.confidence()).isGreaterThanOrEqualTo(0.8);
        }

        @Test
        void should_report_nothing_when_stripe_publishable_live_key() {
            assertThat(findings("Stripe('pk_live_" + STRIPE.substring(8) + "')")).isEmpty();
        }

        @Test
        void should_report_nothing_when_prefix_is_inside_a_longer_word() {
            assertThat(findings("task-sk-learn and xghp_" + GITHUB.substring(4) + " and scikit-learn")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"sk-...", "sk-xxxxxxxxxxxxxxxxxxxxxxxx", "sk-proj-XXXXXXXXXXXXXXXX", "sk-ant-api03-...",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xoxb-your-bot-token", "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"})
        void should_report_example_instead_of_live_type_when_key_is_a_placeholder(String placeholder) {
            assertThat(types("KEY=" + placeholder)).containsExactly(FindingType.EXAMPLE_CREDENTIAL);
        }

        @Test
        void should_report_twilio_account_sid_only_when_an_auth_token_is_nearby() {
            String sid = "AC" + "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
            assertThat(findings("account " + sid)).isEmpty();
            assertThat(types("TWILIO_ACCOUNT_SID=" + sid + "\nTWILIO_AUTH_TOKEN=9f8e7d6c5b4a39281706f5e4d3c2b1a0"))
                    .containsExactly(FindingType.API_KEY);
        }
    }

    @Nested
    class Jwts {

        @Test
        void should_report_jwt_with_whole_token_span_when_header_decodes_to_alg() {
            String text = "Authorization: Bearer " + JWT;
            Finding f = only(text, FindingType.JWT);
            assertThat(span(text, f)).isEqualTo(JWT);
            assertThat(f.confidence()).isGreaterThanOrEqualTo(0.9);
            assertThat(types(text)).containsExactly(FindingType.JWT);
        }

        @Test
        void should_report_example_when_token_is_the_jwt_io_sample() {
            assertThat(types("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                    + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")).containsExactly(FindingType.EXAMPLE_CREDENTIAL);
        }

        @Test
        void should_report_nothing_when_base64_json_has_no_alg_header() {
            assertThat(findings("cursor=eyJvZmZzZXQiOjIwfQ.eyJwYWdlIjoyfQ.abc")).isEmpty();
        }
    }

    @Nested
    class ConnectionStrings {

        @ParameterizedTest
        @ValueSource(strings = {
            "postgres://orders:Xk29fjQ3pL@db-prod-3.cluster.local:5432/orders?sslmode=require",
            "mysql://app:Vq8rT2mN@mysql-1.cluster.local:3306/crm",
            "mongodb+srv://analytics:Zq84mNv2Lp@cluster0.ab1cd.mongodb.net/reports",
            "rediss://:Vx83kQm2LzP0@cache.cluster.local:6380/0",
            "amqps://worker:Tq93mXz2@mq.prod.lan:5671/jobs",
            "jdbc:postgresql://db.cluster.local:5432/app?user=app&password=Vx83kQm2Lz",
            "ftp://upload:Qm29vX7k@ftp.partner-files.net/incoming",
            "smtp://mailer:Zq84mNv2Lp@smtp.mail-relay.net:587",
            "https://deploy:Pq8rT2mN9x@pypi.mirror.net/simple/",
            "Server=tcp:sql.cluster.local,1433;Initial Catalog=orders;User ID=app;Password=Qw3rty!2024;Encrypt=True",
            "Host=pg.cluster.local;Port=5432;Username=app;Password=Vx83kQm2Lz;Database=shop",
            "DefaultEndpointsProtocol=https;AccountName=stprod01;AccountKey=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVkcGx1Z3h5enp5MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net",
            "jdbc:oracle:thin:scott/Tg7mQ2xV9@//ora.cluster.local:1521/ORCL"})
        void should_span_the_whole_connection_string_when_it_embeds_a_password(String connection) {
            String text = "DATABASE=\"" + connection + "\"";
            assertValue(text, FindingType.CONNECTION_STRING, connection);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "postgresql://app:${DB_PASSWORD}@db.cluster.local:5432/orders",
            "postgres://app@db.cluster.local:5432/orders",
            "redis://cache.cluster.local:6379/0",
            "Server=sql.cluster.local;Database=hr;Integrated Security=True;",
            "Server=sql.cluster.local;Database=hr;User Id=app;Password=%DB_PASS%;"})
        void should_report_nothing_when_password_is_missing_or_a_variable(String connection) {
            assertThat(findings("url: " + connection)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"postgres://user:password@localhost:5432/mydb", "mysql://root:<password>@db:3306/app",
            "Server=myServer;Database=myDb;User Id=myUser;Password=<password>;"})
        void should_report_example_when_password_part_is_a_placeholder(String connection) {
            assertThat(types(connection)).containsExactly(FindingType.EXAMPLE_CREDENTIAL);
        }
    }

    // ------------------------------------------------------------------ assignments

    @Nested
    class Passwords {

        static Stream<Arguments> assignments() {
            return Stream.of(
                    Arguments.of("password=Xk29fjQ3!", "Xk29fjQ3!"),
                    Arguments.of("PASSWORD: Xk29fjQ3!", "Xk29fjQ3!"),
                    Arguments.of("{\"password\": \"Xk29 fjQ3\"}", "Xk29 fjQ3"),
                    Arguments.of("pwd=Hunter2!", "Hunter2!"),
                    Arguments.of("passwd: kV93!xQz", "kV93!xQz"),
                    Arguments.of("DB_PASS=kV93!xQz", "kV93!xQz"),
                    Arguments.of("spring.datasource.password=S3cr3t!Pass", "S3cr3t!Pass"),
                    Arguments.of("migrate --password Tq93mXz2Lp --host db", "Tq93mXz2Lp"),
                    Arguments.of("migrate --password=Tq93mXz2Lp", "Tq93mXz2Lp"),
                    Arguments.of("mysql -u root -pS3cretPw! -h db", "S3cretPw!"),
                    Arguments.of("<password>Tr0ub4dor&amp;3</password>", "Tr0ub4dor&amp;3"),
                    Arguments.of("ds.setPassword(\"Xk29fjQ3\");", "Xk29fjQ3"),
                    Arguments.of("'password' => 'Xk29fjQ3',", "Xk29fjQ3"),
                    Arguments.of("CREATE USER 'r'@'%' IDENTIFIED BY 'Xk29fjQ3';", "Xk29fjQ3"),
                    Arguments.of("curl -u admin:Qx9!mP2vL7 https://ci.cluster.local", "Qx9!mP2vL7"),
                    Arguments.of("- name: DB_PASSWORD\n  value: \"kube-s3cret-99\"", "kube-s3cret-99"),
                    Arguments.of("<add key=\"DbPassword\" value=\"Xk29fjQ3\" />", "Xk29fjQ3"),
                    Arguments.of("PGPASSWORD=Xk29fjQ3 psql -h db", "Xk29fjQ3"),
                    Arguments.of("MYSQL_ROOT_PASSWORD=changeme", "changeme"),
                    Arguments.of("mail.smtp.password=123456", "123456"),
                    Arguments.of("my password is hunter2, please reset it", "hunter2"),
                    Arguments.of("ssh to the bastion with password Tr0ub4dor&3x", "Tr0ub4dor&3x"),
                    Arguments.of("[database]\nhost = db.cluster.local\npassword = changeme\n", "changeme"),
                    Arguments.of("mysql --user root --password changeme", "changeme"),
                    Arguments.of("machine ftp.partner.net login upload password hunter22", "hunter22"),
                    Arguments.of("$pw = ConvertTo-SecureString \"Xk9!mQ2p\" -AsPlainText -Force", "Xk9!mQ2p"),
                    Arguments.of("data:\n  password: cGFzc3dvcmQxMjM=\n", "cGFzc3dvcmQxMjM="));
        }

        @ParameterizedTest
        @MethodSource("assignments")
        void should_report_password_with_value_span_when_assigned_to_a_password_name(String text, String value) {
            assertValue(text, FindingType.PASSWORD, value);
        }

        @Test
        void should_report_password_span_of_the_encoded_credentials_when_basic_auth_header() {
            String encoded = Base64.getEncoder().encodeToString("scraper:Xk29fjQ3!".getBytes());
            assertValue("Authorization: Basic " + encoded, FindingType.PASSWORD, encoded);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "The password is reset monthly.",
            "password_reset_url=https://app.local/reset",
            "password: ${DB_PASSWORD}",
            "password=$DB_PASSWORD",
            "set PGPASSWORD=%DB_PASSWORD%",
            "password: {{ vault_db_password }}",
            "password: \"\"",
            "password=null",
            "password = None",
            "password: string;",
            "login(password: String!): Token",
            "private String password;",
            "password = request.getParameter(\"password\");",
            "password = models.CharField(max_length=128)",
            "password = var.db_password",
            "Password: must be at least 12 characters",
            "{\"password\": \"Password\", \"forgot_password\": \"Forgot your password?\"}",
            "PWD=/home/runner/work/app",
            "input[type=password]:focus { color: red }",
            "the password is changed every 90 days",
            "PASS: ld-x86-64/ibt-plt-3c",
            "gnutls_set_password: don't accept null password",
            "information can be provided via the --username and --password options",
            "echo aa|grep -Pw '(.)\\1' would fail to match",
            "passwd: \"Passwort\"",
            "def connect(credentials):\n    password = credentials\n    return password",
            "self.username, self.password = credentials",
            "if user_pass == \"git\":",
            "password_hash = \"$2b$12$KIXQJ3bq9Yz1Jm4Qv8rT2eZ0mN5xW7cP1aB3dE5fG7hJ9kL1mN3pQ\"",
            "Add missing -p, --password description to the man page"})
        void should_report_nothing_when_no_literal_password_value(String text) {
            assertThat(findings(text)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"password: <your-password>", "password=********", "password=[REDACTED]",
            "DB_PASSWORD=xxxxxxxx", "MSSQL_SA_PASSWORD=yourStrong(!)Password"})
        void should_report_example_when_password_value_is_a_placeholder(String text) {
            assertThat(types(text)).containsExactly(FindingType.EXAMPLE_CREDENTIAL);
        }
    }

    @Nested
    class GenericSecrets {

        static Stream<Arguments> assignments() {
            return Stream.of(
                    Arguments.of("api_key = \"9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c\"", "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"),
                    Arguments.of("JWT_SECRET=Qm9ndXNTaWduYXR1cmVWYWx1ZUZvclRl", "Qm9ndXNTaWduYXR1cmVWYWx1ZUZvclRl"),
                    Arguments.of("client_secret: Xy7pQ2mN9vB4kL3jH6gFx2", "Xy7pQ2mN9vB4kL3jH6gFx2"),
                    Arguments.of("X-API-Key: 2f9c8a7b6e5d4c3b2a1f0e9d8c7b6a5f", "2f9c8a7b6e5d4c3b2a1f0e9d8c7b6a5f"),
                    Arguments.of("Authorization: Bearer Xy7pQ2mN9vB4kL3jH6gFx2Lm0Wq", "Xy7pQ2mN9vB4kL3jH6gFx2Lm0Wq"),
                    Arguments.of("Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
                            "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"),
                    Arguments.of("The API key is 4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c.", "4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"),
                    Arguments.of("deploy_token = \"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3\"",
                            "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"),
                    Arguments.of("{\"bearer\": \"Xk9Lm2Nq4Rs6Tu8Vw0Xy1Za3\"}", "Xk9Lm2Nq4Rs6Tu8Vw0Xy1Za3"),
                    Arguments.of("HEROKU_API_KEY=6f1c2e3d-4b5a-4c7d-9e8f-0a1b2c3d4e5f", "6f1c2e3d-4b5a-4c7d-9e8f-0a1b2c3d4e5f"));
        }

        @ParameterizedTest
        @MethodSource("assignments")
        void should_report_api_key_with_value_span_when_random_value_is_assigned_to_a_secret_name(String text, String value) {
            assertValue(text, FindingType.API_KEY, value);
        }

        @Test
        void should_let_the_known_format_win_when_a_vendor_key_sits_in_a_secret_assignment() {
            assertThat(types("api_key = \"" + GOOGLE + "\"")).containsExactly(FindingType.GOOGLE_API_KEY);
            assertThat(types("Authorization: Bearer " + OPENAI)).containsExactly(FindingType.OPENAI_API_KEY);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "token_type=bearer&expires_in=3600",
            "max_tokens=1024",
            "the tokenizer emits token_count = 512",
            "Authorization: Bearer ${TOKEN}",
            "rotate your API key every 90 days; the token expired",
            "api_key = os.environ[\"OPENAI_API_KEY\"]",
            "SECRET_KEY = os.urandom(24)",
            "token: ${{ secrets.GITHUB_TOKEN }}",
            "private_key: /etc/ssl/private/shop.key",
            "primary_key = \"order_id\"",
            "{\"eos_token\": \"</s>\", \"pad_token\": \"<pad>\"}",
            "{\"nextPageToken\": \"CAoQAA\", \"next_page_token\": \"eyJvZmZzZXQiOjIwfQ\"}",
            "<input type=\"hidden\" name=\"csrf_token\" value=\"Xy7pQ2mN9vB4kL3jH6gFx2Lm0Wq\">",
            "request_id: 4bf92f35-77b3-4da6-a3ce-929d0e0e4736",
            "commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
            "\"integrity\": \"sha512-Xk9Lm2Nq4Rs6Tu8Vw0Xy1Za3Bc5De7Fg9Hi+KlMnOpQrStUvWxYz0123==\"",
            "secret: my-k8s-secret-name",
            "public_key: MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9xk2",
            "self.access_token = access_token",
            "exports.SOCKS5_NO_ACCEPTABLE_AUTH = SOCKS5_NO_ACCEPTABLE_AUTH;",
            "private static final String HEADER_KEY = \"Sec-WebSocket-Key\";",
            "int TKT_FLG_HW_AUTH = 0x00100000;",
            "An invalid HTTP token was supplied.",
            "options: {pem: <string|buffer>, passphrase: <string>}"})
        void should_report_nothing_when_secret_word_has_no_secret_value(String text) {
            assertThat(findings(text)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"api_key=\"your_api_key_here\"", "Authorization: Bearer <TOKEN>", "Authorization: Bearer YOUR_TOKEN",
            "api_key: \"****************\"", "API_KEY=1234567890abcdef1234567890abcdef", "token: aaaaaaaaaaaaaaaaaaaa",
            "api_key=\"fake-key-for-tests\"", "headers = {'x-api-key': 'YOUR_API_KEY'}", "OPENAI_API_KEY=sk-...",
            "OPENAI_API_KEY=your_api_key_here", "SECRET_KEY=changeme", "WEATHER_API_KEY=test123",
            "GITHUB_TOKEN=<your-github-token>"})
        void should_report_example_when_secret_assignment_holds_a_placeholder(String text) {
            assertThat(types(text)).containsExactly(FindingType.EXAMPLE_CREDENTIAL);
        }

        @Test
        void should_report_nothing_when_placeholder_word_appears_without_key_context() {
            assertThat(findings("Replace YOUR_API_KEY and the TOKEN in the next step with real values.")).isEmpty();
        }
    }

    // ------------------------------------------------------------------ levels and overlap

    @Test
    void should_raise_to_restricted_when_a_live_secret_and_only_internal_when_a_placeholder() {
        assertThat(CLASSIFIER.classify("token " + GITHUB).sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(CLASSIFIER.classify("OPENAI_API_KEY=sk-...").sensitivity()).isEqualTo(Sensitivity.INTERNAL);
    }

    @Test
    void should_report_one_finding_when_a_token_sits_inside_a_connection_uri() {
        String token = "ghs_" + GITHUB.substring(4);
        String text = "git remote set-url origin https://x-access-token:" + token + "@github.com/acme/app.git";
        assertThat(findings(text)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.GITHUB_TOKEN);
            assertThat(span(text, f)).isEqualTo(token);
        });
    }
}
