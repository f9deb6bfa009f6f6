package dev.caravan.classify.personal;

import dev.caravan.classify.Detector;
import java.util.List;

/**
 * The detectors for personal data of identifiable people. Every detector is stateless and
 * thread-safe, compiles its patterns once, and lets a checksum or a structure decide where a
 * format has one; formats without one (passport numbers, purely numeric national ids, national
 * phone formats, birth dates) need context words next to the value. Findings cover exactly the
 * value, so redaction replaces just it.
 *
 * <table>
 *   <caption>Detectors and the finding types they report</caption>
 *   <tr><th>detector</th><th>type</th></tr>
 *   <tr><td>{@code email}</td><td>EMAIL</td></tr>
 *   <tr><td>{@code phone}</td><td>PHONE</td></tr>
 *   <tr><td>{@code card}</td><td>CREDIT_CARD</td></tr>
 *   <tr><td>{@code iban}</td><td>IBAN</td></tr>
 *   <tr><td>{@code ssn}</td><td>US_SSN</td></tr>
 *   <tr><td>{@code national-id}</td><td>NATIONAL_ID</td></tr>
 *   <tr><td>{@code passport}</td><td>PASSPORT</td></tr>
 *   <tr><td>{@code ip}</td><td>IP_ADDRESS</td></tr>
 *   <tr><td>{@code dob}</td><td>DATE_OF_BIRTH</td></tr>
 * </table>
 */
public final class PersonalDataDetectors {

    /** Region assumed for phone numbers written without a country code. */
    public static final String DEFAULT_PHONE_REGION = "US";

    private static final List<Detector> ALL = create(DEFAULT_PHONE_REGION);

    private PersonalDataDetectors() {
    }

    /** All personal-data detectors, with {@link #DEFAULT_PHONE_REGION} for national phone numbers. */
    public static List<Detector> all() {
        return ALL;
    }

    /** All personal-data detectors, reading phone numbers without a country code as {@code phoneRegion}'s (ISO 3166 alpha-2). */
    public static List<Detector> all(String phoneRegion) {
        return DEFAULT_PHONE_REGION.equalsIgnoreCase(phoneRegion) ? ALL : create(phoneRegion);
    }

    private static List<Detector> create(String phoneRegion) {
        return List.of(
                new EmailDetector(),
                new PhoneDetector(phoneRegion),
                new CardDetector(),
                new IbanDetector(),
                new SsnDetector(),
                new NationalIdDetector(),
                new PassportDetector(),
                new IpDetector(),
                new DobDetector());
    }
}
