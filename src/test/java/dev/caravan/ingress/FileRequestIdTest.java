package dev.caravan.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caravan.metering.UsageRecord;
import org.junit.jupiter.api.Test;

class FileRequestIdTest {

    private static final String NAME = "question.json";
    private static final long LENGTH = 1_024L;
    private static final long MODIFIED = 1_700_000_000_000L;

    @Test
    void should_give_the_same_id_when_the_same_file_is_seen_again() {
        assertThat(FileIngress.fileRequestId(NAME, LENGTH, MODIFIED))
                .isEqualTo(FileIngress.fileRequestId(NAME, LENGTH, MODIFIED));
    }

    @Test
    void should_give_a_different_id_when_any_input_differs() {
        String id = FileIngress.fileRequestId(NAME, LENGTH, MODIFIED);

        assertThat(FileIngress.fileRequestId("other.json", LENGTH, MODIFIED)).isNotEqualTo(id);
        assertThat(FileIngress.fileRequestId(NAME, LENGTH + 1, MODIFIED)).isNotEqualTo(id);
        assertThat(FileIngress.fileRequestId(NAME, LENGTH, MODIFIED + 1)).isNotEqualTo(id);
    }

    @Test
    void should_not_confuse_inputs_when_their_concatenation_is_the_same() {
        // "a1" + 23 vs "a" + 123: the separator keeps them apart
        assertThat(FileIngress.fileRequestId("a1", 23L, 0L)).isNotEqualTo(FileIngress.fileRequestId("a", 123L, 0L));
    }

    @Test
    void should_start_with_file_and_fit_the_metering_key_when_generated() {
        String id = FileIngress.fileRequestId("a-very-long-file-name-".repeat(20) + ".txt", LENGTH, MODIFIED);

        assertThat(id).startsWith("file_").matches("file_[0-9a-f]+");
        assertThat(id.length()).isLessThanOrEqualTo(64).isLessThanOrEqualTo(UsageRecord.MAX_REQUEST_ID_LENGTH);
    }

    @Test
    void should_still_produce_an_id_when_length_and_date_are_unknown() {
        String id = FileIngress.fileRequestId(NAME, null, null);

        assertThat(id).startsWith("file_");
        assertThat(id).isNotEqualTo(FileIngress.fileRequestId(NAME, 0L, 0L));
    }
}
