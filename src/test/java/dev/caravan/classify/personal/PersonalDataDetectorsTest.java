package dev.caravan.classify.personal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.classify.Classification;
import dev.caravan.classify.Classifier;
import dev.caravan.classify.Detector;
import dev.caravan.classify.Finding;
import dev.caravan.classify.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataDetectorsTest {

    private static final Classifier CLASSIFIER = new Classifier(PersonalDataDetectors.all());

    /** The values (substrings at the finding spans) of the given type. */
    private static List<String> values(String text, FindingType type) {
        Classification c = CLASSIFIER.classify(text);
        List<String> values = new ArrayList<>();
        for (Finding f : c.findings()) {
            if (f.type() == type) {
                values.add(text.substring(f.start(), f.end()));
            }
        }
        return values;
    }

    private static List<Finding> findings(String text, FindingType type) {
        return CLASSIFIER.classify(text).findings().stream().filter(f -> f.type() == type).toList();
    }

    private static void assertFound(String text, FindingType type, String value) {
        assertThat(values(text, type)).as(text).containsExactly(value);
    }

    private static void assertNothing(String text) {
        assertThat(CLASSIFIER.classify(text).findings()).as(text).isEmpty();
    }

    // ---- the set of detectors -------------------------------------------------------------------

    @Test
    void should_expose_nine_detectors_with_stable_names_when_all_is_called() {
        assertThat(PersonalDataDetectors.all()).extracting(Detector::name)
                .containsExactly("email", "phone", "card", "iban", "ssn", "national-id", "passport", "ip", "dob");
        assertThat(PersonalDataDetectors.all()).isSameAs(PersonalDataDetectors.all());
    }

    @Test
    void should_read_national_phone_numbers_in_the_given_region_when_created_for_another_region() {
        var german = new Classifier(PersonalDataDetectors.all("DE"));

        var found = german.classify("Rufen Sie an: 030 901820").findings();

        assertThat(found).extracting(Finding::type).containsExactly(FindingType.PHONE);
    }

    @Test
    void should_give_the_same_findings_when_used_from_many_threads() throws Exception {
        String text = "Mail ana@corp.io, call (415) 555-2671, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, "
                + "SSN 536-22-8702, DOB: 1984-03-12 (Ana Lima), passport no. X1234567, from 86.12.45.201";
        List<Finding> expected = CLASSIFIER.classify(text).findings();
        assertThat(expected).hasSize(8);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Finding>>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String other = "noise " + i + " 10.0.0." + (i % 200 + 1) + " other@mail.com";
                results.add(pool.submit(() -> {
                    CLASSIFIER.classify(other);
                    return CLASSIFIER.classify(text).findings();
                }));
            }
            for (Future<List<Finding>> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_scan_the_same_digit_runs_when_walking_the_index_or_the_characters() {
        String text = "a 4111 1111 1111 1111 b 123-45-6789, 12.345.678-Z x9 2024/03/12 7 +44 20 7946 0958 end 99";
        List<String> viaIndex = new ArrayList<>();
        List<String> viaChars = new ArrayList<>();
        NumRun.scan(text, " -./", 1, run -> viaIndex.add(run.start() + ":" + run.end() + ":" + run.n));
        NumRun.scanChars(text, " -./", 1, run -> viaChars.add(run.start() + ":" + run.end() + ":" + run.n));

        assertThat(viaIndex).isEqualTo(viaChars).isNotEmpty();
    }

    // ---- EMAIL --------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Write to laura.becker@gmail.com today.|laura.becker@gmail.com",
        "Author: Priya <priya.n@fastmail.fm>|priya.n@fastmail.fm",
        "<a href=\"mailto:hr@globex.org\">HR</a>|hr@globex.org",
        "E-Mail: s.weber@t-online.de.|s.weber@t-online.de",
        "plus addressing luis+billing@outlook.com,|luis+billing@outlook.com",
        "UPPER CASE JOHN.DOE@EXAMPLE.COM|JOHN.DOE@EXAMPLE.COM",
        "generic support@acme.com is still an address|support@acme.com",
    })
    void should_report_the_address_span_when_an_email_address_is_present(String text, String value) {
        assertFound(text, FindingType.EMAIL, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "@Override public String toString()",
        "git remote add origin git@github.com:acme/payments.git",
        "import x from \"@mui/material\"; npm i lodash@4.17.21 @angular/core@17.3.0",
        "@app.route('/health') and @dataclass",
        "mail root@localhost or admin@mailhost.local",
        "background: url(logo@2x.png)",
        "clone ssh://git@github.com/acme/repo.git",
        "postgres://app:s3cret@db.example.com:5432/app",
        "format name@domain.tld or user@example",
        "thanks @maria_dev",
    })
    void should_not_report_email_when_the_at_sign_is_code_or_a_remote(String text) {
        assertThat(values(text, FindingType.EMAIL)).as(text).isEmpty();
    }

    // ---- PHONE --------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Call me at (415) 555-2671 tomorrow|(415) 555-2671",
        "London +44 20 7946 0958.|+44 20 7946 0958",
        "Berlin +49 30 901820|+49 30 901820",
        "office 415.555.2671|415.555.2671",
        "hotline 1-800-275-2273 24/7|1-800-275-2273",
        "Tel: +44 (0)20 7946 0958|+44 (0)20 7946 0958",
        "mobile +91 98765 43210|+91 98765 43210",
        "Telefon 089 12345678|089 12345678",
        "Tél. : 06 12 34 56 78|06 12 34 56 78",
        "Tel: 020 7946 0958 (switchboard)|020 7946 0958",
        "teléfono 612 34 56 78|612 34 56 78",
        "my cell is 4155552671|4155552671",
        "Phone: +44 7700 900123|+44 7700 900123",
        "Phone: (555) 123-4567|(555) 123-4567",
    })
    void should_report_the_number_span_when_a_phone_number_is_present(String text, String value) {
        assertFound(text, FindingType.PHONE, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Order #4155552671 shipped",
        "order number: 415-555-2671",
        "Invoice 4155552671 is due",
        "version 10.2.3.4 and 415.555.2671.3",
        "ISBN 978-0-306-40615-7 and 0-306-40615-2",
        "date 2024-03-12, 12/03/1984 and 12.03.1984",
        "epoch 1710243312 and 1710243312123 ms",
        "long visits = 4155552671L;",
        "part AB-415-555-2671-X",
        "price $4,155,552.71",
        "the call took 4155552671 ns",
        "const MAX = 4155552671; phoneNumber = 0",
        "(555) 123-4567 is the sample in the template",
        "card 4111 1111 1111 1111",
        "server 192.168.100.200 port 8080",
        "Fax machines were common in 1995",
        "+44 7700 900123 in the TV script",
        "14:22:01 and 2024-03-12 14:22:01.337",
    })
    void should_not_report_phone_when_the_digits_are_an_identifier_version_or_date(String text) {
        assertThat(values(text, FindingType.PHONE)).as(text).isEmpty();
    }

    @Test
    void should_report_a_bare_number_when_it_sits_in_a_phone_column() {
        String csv = "name,phone,city\nOlivia Park,4155552671,San Francisco\n";

        assertThat(values(csv, FindingType.PHONE)).containsExactly("4155552671");
    }

    // ---- CREDIT_CARD --------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Visa 4111 1111 1111 1111 declined|4111 1111 1111 1111",
        "visa dashed 4111-1111-1111-1111.|4111-1111-1111-1111",
        "pan=4111111111111111 amount=5|4111111111111111",
        "MC 5555 5555 5555 4444|5555 5555 5555 4444",
        "MC 2-series 2223003122003222|2223003122003222",
        "Amex 3782 822463 10005|3782 822463 10005",
        "Discover 6011 1111 1111 1117|6011 1111 1111 1117",
        "JCB 3530 1113 3330 0000|3530 1113 3330 0000",
        "Diners 3056 9309 0259 04|3056 9309 0259 04",
        "UnionPay 6200 0000 0000 0005|6200 0000 0000 0005",
        "Maestro 6759 6498 2643 8453|6759 6498 2643 8453",
        "Qty 2 4111 1111 1111 1111 exp 12/27|4111 1111 1111 1111",
    })
    void should_report_the_card_span_when_luhn_and_issuer_range_pass(String text, String value) {
        assertFound(text, FindingType.CREDIT_CARD, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "card 4111 1111 1111 1112 was rejected",
        "order 1234567890123456 shipped",
        "tracking 9400111899223344 and 7000000000000001",
        "ms timestamps 1710243312123 1710243399871",
        "id 41111111111111110 is longer",
        "ORD-4111111111111111",
        "ref 4111-1111-1111-1111-22",
        "Luhn-valid without issuer 8000000000000003",
        "Tracking: 4539578763621486",
        "IMEI 356938035643809",
    })
    void should_not_report_card_when_luhn_issuer_or_boundaries_fail(String text) {
        assertThat(values(text, FindingType.CREDIT_CARD)).as(text).isEmpty();
    }

    // ---- IBAN ---------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX|DE89 3704 0044 0532 0130 00",
        "to GB82 WEST 1234 5698 7654 32, thanks|GB82 WEST 1234 5698 7654 32",
        "<IBAN>NL91ABNA0417164300</IBAN>|NL91ABNA0417164300",
        "FR14 2004 1010 0505 0001 3M02 606|FR14 2004 1010 0505 0001 3M02 606",
        "ES91 2100 0418 4502 0005 1332.|ES91 2100 0418 4502 0005 1332",
        "CH93 0076 2011 6238 5295 7|CH93 0076 2011 6238 5295 7",
        "it60 x054 2811 1010 0000 0123 456|it60 x054 2811 1010 0000 0123 456",
    })
    void should_report_the_iban_span_when_mod97_and_country_length_pass(String text, String value) {
        assertFound(text, FindingType.IBAN, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DE89 3704 0044 0532 0130 01",
        "GB83 WEST 1234 5698 7654 32",
        "NL91 ABNA 0417 1643 0",
        "DE00 1234 5678 9012 3456 78",
        "SKU FR76ABCD12345",
    })
    void should_not_report_iban_when_checksum_or_length_fails(String text) {
        assertThat(values(text, FindingType.IBAN)).as(text).isEmpty();
    }

    // ---- US_SSN -------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Employee SSN: 536-22-8702.|536-22-8702",
        "background check 536-22-8702 clear|536-22-8702",
        "social security number 536 22 8702|536 22 8702",
        "SSN 536228702 verified|536228702",
        "SS# 536-22-8702|536-22-8702",
    })
    void should_report_the_ssn_span_when_ssa_rules_pass(String text, String value) {
        assertFound(text, FindingType.US_SSN, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000",
        "078-05-1120", "219-09-9999", "123-45-6789",
        "batch 536228702 done",
        "code 536 22 8702",
        "Part 412-34-5678",
        "ID-536-22-8702",
    })
    void should_not_report_ssn_when_rules_fail_or_context_is_missing(String text) {
        assertThat(values(text, FindingType.US_SSN)).as(text).isEmpty();
    }

    // ---- NATIONAL_ID --------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NI number AB 12 34 56 C.|AB 12 34 56 C",
        "nino AB123456C|AB123456C",
        "DNI 12345678Z|12345678Z",
        "DNI 12345678-Z|12345678-Z",
        "NIE X1234567L|X1234567L",
        "CF RSSMRA85T10A562S|RSSMRA85T10A562S",
        "NIR 1 84 12 76 451 089 46|1 84 12 76 451 089 46",
        "BSN: 111222333|111222333",
        "Steuer-ID: 12 345 678 995|12 345 678 995",
        "Aadhaar 2345 6789 0124|2345 6789 0124",
        "SIN 130 692 544|130 692 544",
        "Social Insurance Number 046-454-286|046-454-286",
        "CPF 111.444.777-35|111.444.777-35",
        "cpf: 25116189740|25116189740",
        "身份证 110105198706150019|110105198706150019",
        "PESEL: 85070946807|85070946807",
        "Personnummer 850709-8914|850709-8914",
        "NRIC S1234567D|S1234567D",
    })
    void should_report_the_id_span_when_checksum_and_structure_pass(String text, String value) {
        assertFound(text, FindingType.NATIONAL_ID, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "QQ 12 34 56 C",                 // invalid NINO prefix
        "AB123456E",                      // invalid NINO suffix
        "DNI 12345678A",                  // wrong check letter
        "CF RSSMRA85T10A562T",            // wrong check char
        "NIR 1 84 12 76 451 089 47",      // wrong key
        "BSN: 111222334",                 // fails the 11-proof
        "111222333",                      // 11-proof, but no BSN context
        "Steuer-ID: 12345678994",         // wrong check digit
        "Aadhaar 2345 6789 0125",         // fails Verhoeff
        "2345 6789 0124",                 // Verhoeff, but no Aadhaar context
        "SIN 130 692 545",                // fails Luhn
        "CPF 111.444.777-36",             // wrong check digits
        "CPF 111.111.111-11",             // all-equal digits
        "25116189740",                    // CPF checksum, but no context
    })
    void should_not_report_national_id_when_checksum_fails_or_context_is_missing(String text) {
        assertThat(values(text, FindingType.NATIONAL_ID)).as(text).isEmpty();
    }

    // ---- PASSPORT -----------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "passport number 561234897, USA|561234897",
        "passport no. X1234567 (new)|X1234567",
        "Reisepass-Nr.: C01X00T47|C01X00T47",
        "Numéro de passeport : 12AB34567|12AB34567",
        "Pasaporte: PAA123456|PAA123456",
        "\"passport_no\": \"E12345678\"|E12345678",
        "Passport # A98765432 scanned|A98765432",
    })
    void should_report_the_number_when_it_follows_passport_context(String text, String value) {
        assertFound(text, FindingType.PASSPORT, value);
    }

    @Test
    void should_report_both_mrz_lines_as_one_span_when_check_digits_hold() {
        String mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

        assertThat(values("Scan:\n" + mrz + "\nend", FindingType.PASSPORT)).containsExactly(mrz);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "What are the passport photo requirements?",
        "Renew your passport before it expires in 2030.",
        "Passport expires 20301231",
        "Ticket X1234567 was escalated",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C37UTO7408122F1204159ZE184226B<<<<<10",
    })
    void should_not_report_passport_when_there_is_no_number_context_or_valid_mrz(String text) {
        assertThat(values(text, FindingType.PASSPORT)).as(text).isEmpty();
    }

    // ---- IP_ADDRESS ---------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "from 185.220.101.47 port 52144|185.220.101.47",
        "X-Forwarded-For: 81.2.69.160|81.2.69.160",
        "printer at 10.20.30.40.|10.20.30.40",
        "partner 152.67.13.8:443|152.67.13.8",
        "inet 192.168.1.23/24 brd|192.168.1.23",
        "http://172.16.5.4/admin|172.16.5.4",
        "client 2a02:8070:a18a:c00:5d2c:e3ff:fe2b:9a41 login|2a02:8070:a18a:c00:5d2c:e3ff:fe2b:9a41",
        "block [2001:470:1f0b:1f4::2]:443|2001:470:1f0b:1f4::2",
        "DNS 1.1.1.1|1.1.1.1",
    })
    void should_report_the_address_span_when_an_ip_address_is_present(String text, String value) {
        assertFound(text, FindingType.IP_ADDRESS, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "version 10.2.3.4", "v10.2.3.4", "nginx/1.25.3.1", "requests==2.31.0.1", "1.2.3.4.5", "10.2.3.4-beta",
        "192.0.2.10", "198.51.100.7", "203.0.113.25", "2001:db8::1", "127.0.0.1", "0.0.0.0", "::1",
        "allow 10.0.0.0/8 and 172.16.0.0/12", "netmask 255.255.255.0", "OID 1.3.6.1.2.1.1.3.0", "snmp oid 2.5.4.3",
        "MAC 00:1A:2B:3C:4D:5E", "at 12:30:45", "std::vector<int>", "Section 4.2.1.3", "multicast 239.255.255.250",
    })
    void should_not_report_ip_when_it_is_a_version_documentation_loopback_or_network(String text) {
        assertThat(values(text, FindingType.IP_ADDRESS)).as(text).isEmpty();
    }

    // ---- DATE_OF_BIRTH ------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Patient: Maria Lopez, DOB: 03/12/1984.|03/12/1984",
        "Daniel Kim was born on March 12, 1991.|March 12, 1991",
        "Name: Jonas Becker, Geburtsdatum: 12.03.1984|12.03.1984",
        "Mme Claire Fontaine, née le 7 juillet 1979|7 juillet 1979",
        "Pablo Herrera, fecha de nacimiento: 23/11/1990|23/11/1990",
        "Mr. Ellis, D.O.B. 7/4/1962, knee pain|7/4/1962",
        "Hannah Schultz's birthday is 12 Mar 1984|12 Mar 1984",
        "Marco Bianchi, nato il 15/06/1958|15/06/1958",
        "Jane Roe, DOB 19840312|19840312",
        "Sara Novak 1990-07-01 (DOB)|1990-07-01",
    })
    void should_report_the_date_span_when_a_birth_date_is_next_to_birth_context(String text, String value) {
        assertFound(text, FindingType.DATE_OF_BIRTH, value);
    }

    @Test
    void should_report_with_lower_confidence_when_no_name_is_nearby() {
        assertThat(findings("Date of birth: 1984-03-12", FindingType.DATE_OF_BIRTH))
                .singleElement().extracting(Finding::confidence).isEqualTo(0.6);
        assertThat(findings("Patient: Maria Lopez\nDate of birth: 1984-03-12", FindingType.DATE_OF_BIRTH))
                .singleElement().extracting(Finding::confidence).isEqualTo(0.85);
    }

    @Test
    void should_report_each_date_when_it_sits_in_a_date_of_birth_column() {
        String csv = "employee_id,full_name,date_of_birth\n1042,Grace Liu,1988-02-29\n1043,Omar Haddad,1975-10-05\n";

        assertThat(values(csv, FindingType.DATE_OF_BIRTH)).containsExactly("1988-02-29", "1975-10-05");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "The release is scheduled for 2024-03-12.",
        "The birthday party is next Saturday.",
        "The form field 'date of birth' must be before 2006-01-01.",
        "DOB field format: DD/MM/YYYY.",
        "The project was born out of a hackathon; v1 shipped on 2019-05-20.",
        "Born to Run was released on August 25, 1975.",
        "Expected delivery date of birth certificates: 2031-01-15.",
        "Born in the USA is a 1984 album.",
        "DOB: 1850-01-01 (archive record)",
    })
    void should_not_report_dob_when_the_date_is_bare_implausible_or_not_a_birth_date(String text) {
        assertThat(values(text, FindingType.DATE_OF_BIRTH)).as(text).isEmpty();
    }

    // ---- spans, offsets and mixed text ----------------------------------------------------------

    @Test
    void should_report_exact_value_spans_when_many_types_share_one_text() {
        String text = "Hi, I'm Ana Lima (ana.lima@corp-mail.io, +44 20 7946 0958). Card 4111 1111 1111 1111, "
                + "IBAN DE89 3704 0044 0532 0130 00, SSN 536-22-8702, DNI 12345678Z, passport no. X1234567, "
                + "IP 86.12.45.201, DOB: 1984-03-12.";

        var findings = CLASSIFIER.classify(text).findings();

        assertThat(findings).extracting(f -> f.type() + "=" + text.substring(f.start(), f.end())).containsExactly(
                "EMAIL=ana.lima@corp-mail.io",
                "PHONE=+44 20 7946 0958",
                "CREDIT_CARD=4111 1111 1111 1111",
                "IBAN=DE89 3704 0044 0532 0130 00",
                "US_SSN=536-22-8702",
                "NATIONAL_ID=12345678Z",
                "PASSPORT=X1234567",
                "IP_ADDRESS=86.12.45.201",
                "DATE_OF_BIRTH=1984-03-12");
        assertThat(findings).allSatisfy(f -> assertThat(f.detector()).isNotBlank());
    }

    @Test
    void should_give_checksum_findings_high_confidence_and_context_findings_lower() {
        String text = "card 4111 1111 1111 1111, BSN: 111222333, passport no. X1234567";

        var byType = CLASSIFIER.classify(text).findings();

        assertThat(byType).filteredOn(f -> f.type() == FindingType.CREDIT_CARD)
                .allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(0.9));
        assertThat(byType).filteredOn(f -> f.type() != FindingType.CREDIT_CARD)
                .allSatisfy(f -> assertThat(f.confidence()).isBetween(0.6, 0.9));
    }

    @Test
    void should_report_findings_of_the_given_message_when_classifying_several_texts() {
        var c = CLASSIFIER.classify(List.of("no data here", "write to ana@corp.io"));

        assertThat(c.findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).isEqualTo(1);
            assertThat(f.start()).isEqualTo(9);
            assertThat(f.end()).isEqualTo(20);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Write a Python function that returns the n-th Fibonacci number.",
        "user_id=8f14e45f-ceea-467a-9f0a-0b5e1c6c6e3b",
        "SELECT id FROM orders WHERE total > 1000 AND created_at >= '2024-01-01';",
        "Hash: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "Coordinates 52.520008, 13.404954",
        "",
    })
    void should_report_nothing_when_text_has_no_personal_data(String text) {
        assertNothing(text);
    }
}
