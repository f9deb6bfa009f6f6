package dev.caravan.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String MAIL = "ada@example-corp.io";
    private static final String TEXT = "Mail " + MAIL + " and again " + MAIL + ", key K-123.";

    private static Classification findingsIn(String text) {
        int a = text.indexOf(MAIL);
        int b = text.indexOf(MAIL, a + 1);
        int k = text.indexOf("K-123");
        return new Classification(Sensitivity.RESTRICTED, List.of(
                new Finding(FindingType.EMAIL, 0, a, a + MAIL.length(), "email", 0.9),
                new Finding(FindingType.EMAIL, 0, b, b + MAIL.length(), "email", 0.9),
                new Finding(FindingType.API_KEY, 0, k, k + 5, "custom", 0.8)));
    }

    @Test
    void should_replace_each_value_by_a_stable_typed_placeholder() {
        var redacted = new Redactor().redact(List.of(TEXT), findingsIn(TEXT));

        assertThat(redacted.texts().get(0)).isEqualTo("Mail [EMAIL_1] and again [EMAIL_1], key [API_KEY_1].");
        assertThat(redacted.texts().get(0)).doesNotContain(MAIL);
        assertThat(redacted.redaction().size()).isEqualTo(2);
    }

    @Test
    void should_restore_original_values_in_the_answer() {
        var redaction = new Redactor().redact(List.of(TEXT), findingsIn(TEXT)).redaction();

        assertThat(redaction.restore("Write to [EMAIL_1] about [API_KEY_1]; [UNKNOWN_1] stays."))
                .isEqualTo("Write to " + MAIL + " about K-123; [UNKNOWN_1] stays.");
    }

    @Test
    void should_restore_placeholders_split_across_stream_pieces() {
        var redaction = new Redactor().redact(List.of(TEXT), findingsIn(TEXT)).redaction();
        String answer = "Dear [EMAIL_1], your key [API_KEY_1] works [sic] and [x] too.";

        for (int size = 1; size <= 7; size++) {
            var restorer = redaction.streamRestorer();
            StringBuilder emitted = new StringBuilder();
            List<String> pieces = new ArrayList<>();
            for (int i = 0; i < answer.length(); i += size) {
                pieces.add(answer.substring(i, Math.min(answer.length(), i + size)));
            }
            for (String piece : pieces) {
                String out = restorer.push(piece);
                assertThat(out).doesNotContain("[EMAIL").doesNotContain("[API");
                emitted.append(out);
            }
            emitted.append(restorer.finish());

            assertThat(emitted.toString()).as("piece size " + size)
                    .isEqualTo("Dear " + MAIL + ", your key K-123 works [sic] and [x] too.");
        }
    }

    @Test
    void should_flush_an_unfinished_bracket_at_the_end_of_the_stream() {
        var redaction = new Redactor().redact(List.of(TEXT), findingsIn(TEXT)).redaction();
        var restorer = redaction.streamRestorer();

        assertThat(restorer.push("cut off [EMA")).isEqualTo("cut off ");
        assertThat(restorer.finish()).isEqualTo("[EMA");
    }

    @Test
    void should_leave_texts_without_findings_untouched() {
        var redacted = new Redactor().redact(List.of("hello", "world"), Classification.PUBLIC);

        assertThat(redacted.texts()).containsExactly("hello", "world");
        assertThat(redacted.redaction().restore("[EMAIL_1]")).isEqualTo("[EMAIL_1]");
    }
}
