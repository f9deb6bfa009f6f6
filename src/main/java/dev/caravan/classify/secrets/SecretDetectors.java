package dev.caravan.classify.secrets;

import dev.caravan.classify.Detector;
import java.util.List;

/**
 * The detectors for credentials and keys. Each is stateless and thread-safe, with its patterns
 * compiled once; findings carry offsets only, never the values.
 *
 * <table>
 *   <caption>Detectors and the types they report</caption>
 *   <tr><th>name</th><th>types</th></tr>
 *   <tr><td>{@code pem-block}</td><td>PRIVATE_KEY (PEM, PGP, SSH2, PuTTY, age, base64-encoded PEM)</td></tr>
 *   <tr><td>{@code aws}</td><td>AWS_ACCESS_KEY, AWS_SECRET_KEY (near an access key id or a label)</td></tr>
 *   <tr><td>{@code jwt}</td><td>JWT</td></tr>
 *   <tr><td>{@code vendor-prefix}</td><td>GOOGLE_API_KEY, GITHUB_TOKEN, SLACK_TOKEN, SLACK_WEBHOOK,
 *       STRIPE_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY, API_KEY (other vendors)</td></tr>
 *   <tr><td>{@code connection-string}</td><td>CONNECTION_STRING (URIs with a password, ADO/ODBC,
 *       Azure), API_KEY (a lone Azure AccountKey)</td></tr>
 *   <tr><td>{@code assignment}</td><td>PASSWORD, API_KEY (generic: secret name + random-looking value),
 *       AWS_SECRET_KEY (by name)</td></tr>
 * </table>
 * Every detector reports EXAMPLE_CREDENTIAL instead of its live type when the candidate is a
 * documentation value or placeholder. Spans: the value only (a key, the value of an assignment
 * inside its quotes), or the whole unit where the unit is the secret (a PEM block, a connection
 * string, a JWT, a webhook URL).
 */
public final class SecretDetectors {

    private static final List<Detector> ALL = List.of(
            new PemBlockDetector(),
            new AwsKeyDetector(),
            new JwtDetector(),
            new VendorKeyDetector(),
            new ConnectionStringDetector(),
            new AssignmentDetector());

    private SecretDetectors() {
    }

    /** All secret detectors; the list and the detectors are immutable and shared. */
    public static List<Detector> all() {
        return ALL;
    }
}
