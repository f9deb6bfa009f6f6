package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyHasherTest {

    static final String PEPPER = "a-pepper-of-at-least-32-characters!!";

    @Test
    void should_be_plain_sha256_hex_when_no_pepper_is_set() {
        KeyHasher hasher = new KeyHasher(null);

        assertThat(hasher.peppered()).isFalse();
        assertThat(hasher.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(new KeyHasher("  ").hash("abc")).isEqualTo(hasher.hash("abc"));
    }

    @Test
    void should_be_hmac_sha256_with_the_pepper_when_one_is_set() throws Exception {
        KeyHasher hasher = new KeyHasher(PEPPER);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PEPPER.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String secret = ApiKeySecrets.generate();

        assertThat(hasher.peppered()).isTrue();
        assertThat(hasher.hash(secret))
                .isEqualTo(HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8))))
                .isNotEqualTo(new KeyHasher(null).hash(secret))
                .isNotEqualTo(new KeyHasher(PEPPER + "x").hash(secret));
    }

    @Test
    void should_be_stable_and_64_hex_characters_when_hashing_the_same_secret_twice() {
        KeyHasher hasher = new KeyHasher(PEPPER);
        String secret = ApiKeySecrets.generate();

        assertThat(hasher.hash(secret)).isEqualTo(hasher.hash(secret)).hasSize(64).matches("[0-9a-f]{64}")
                .doesNotContain(secret.substring(3, 11));
    }

    @Test
    void should_compare_equal_only_when_the_same_when_comparing_in_constant_time() {
        assertThat(KeyHasher.constantTimeEquals("secret-1", "secret-1")).isTrue();
        assertThat(KeyHasher.constantTimeEquals("secret-1", "secret-2")).isFalse();
        assertThat(KeyHasher.constantTimeEquals("secret-1", "secret-10")).isFalse();
        assertThat(KeyHasher.constantTimeEquals(null, "secret-1")).isFalse();
        assertThat(KeyHasher.constantTimeEquals(null, null)).isFalse();
    }
}
