package dev.caravan.admin;

import dev.caravan.crypto.AesGcm;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code caravan.providers}: how provider API keys set through the admin API are protected.
 *
 * @param secretsKey base64 of a 256-bit AES key ({@code CARAVAN_SECRETS_KEY}), the same on every
 *                   instance; blank: the admin API refuses to store provider keys. Checked at
 *                   start-up by {@link #cipher()} (a bad value stops the gateway) and never logged.
 */
@ConfigurationProperties(prefix = "caravan.providers")
public record ProviderProperties(String secretsKey) {

    static final String SETTING = "caravan.providers.secrets-key (CARAVAN_SECRETS_KEY)";

    /** The cipher for the configured key; null when none is configured. */
    public AesGcm cipher() {
        return AesGcm.fromSetting(secretsKey, SETTING);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "ProviderProperties[secretsKey=" + (secretsKey == null || secretsKey.isBlank() ? "<none>" : "<set>") + "]";
    }
}
