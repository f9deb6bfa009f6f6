package dev.caravan.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdentityPropertiesTest {

    @Test
    void should_keep_todays_behaviour_when_nothing_is_set() {
        IdentityProperties p = IdentityProperties.defaults();

        assertThat(p.devMode()).isTrue();
        assertThat(p.adminKey()).isNull();
        assertThat(p.keyPepper()).isNull();
        assertThat(p.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.cacheSize()).isEqualTo(10_000);
        assertThat(new IdentityProperties(null, null, "", " ", null, null).adminKey()).isNull();
    }

    @Test
    void should_fail_start_up_naming_the_setting_when_a_secret_is_too_short() {
        assertThatThrownBy(() -> new IdentityProperties(null, null, "short", null, null, null))
                .hasMessageContaining("caravan.identity.admin-key").hasMessageNotContaining("short\"");
        assertThatThrownBy(() -> new IdentityProperties(null, null, null, "short", null, null))
                .hasMessageContaining("caravan.identity.key-pepper");
        assertThatThrownBy(() -> new IdentityProperties(null, null, null, null, Duration.ZERO, null))
                .hasMessageContaining("cache-ttl");
    }

    @Test
    void should_not_show_secrets_when_printed() {
        IdentityProperties p = new IdentityProperties(false, null, AdminKeyTest.KEY, KeyHasherTest.PEPPER, null, null);

        assertThat(p.toString()).doesNotContain(AdminKeyTest.KEY).doesNotContain(KeyHasherTest.PEPPER);
    }
}
