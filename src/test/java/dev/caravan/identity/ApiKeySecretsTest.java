package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeySecretsTest {

    @Test
    void should_be_ck_and_43_base64url_characters_when_generated() {
        String secret = ApiKeySecrets.generate();

        assertThat(secret).startsWith("ck-").hasSize(46).matches("ck-[A-Za-z0-9_-]{43}");
        assertThat(ApiKeySecrets.isWellFormed(secret)).isTrue();
    }

    @Test
    void should_never_repeat_when_generated_many_times() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(ApiKeySecrets.generate());
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void should_show_the_first_eight_characters_after_ck_when_asked_for_the_display_prefix() {
        String secret = ApiKeySecrets.generate();

        assertThat(ApiKeySecrets.displayPrefix(secret)).isEqualTo(secret.substring(3, 11));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ck-", "sk-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "ck-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ck-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "ck-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ck-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
            "ck-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA "})
    void should_be_rejected_when_not_a_key(String candidate) {
        assertThat(ApiKeySecrets.isWellFormed(candidate)).isFalse();
    }

    @Test
    void should_refuse_a_display_prefix_when_not_a_key() {
        assertThatThrownBy(() -> ApiKeySecrets.displayPrefix("ck-short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("short");
    }
}
