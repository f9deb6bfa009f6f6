package dev.caravan.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code provider_keys} table: each provider's API key as AES-GCM ciphertext and its masked
 * hint. This class never sees a key in clear; sealing and opening are {@link ProviderAdmin}'s.
 */
public class ProviderKeyStore {

    static final String SELECT_ALL = "SELECT provider, key_ciphertext, key_hint, updated_at FROM provider_keys"
            + " ORDER BY provider";
    static final String UPDATE = "UPDATE provider_keys SET key_ciphertext = ?, key_hint = ?, updated_at = ?"
            + " WHERE provider = ?";
    static final String INSERT = "INSERT INTO provider_keys (key_ciphertext, key_hint, updated_at, provider)"
            + " VALUES (?, ?, ?, ?)";
    static final String DELETE = "DELETE FROM provider_keys WHERE provider = ?";

    /** A stored key: ciphertext, never the key. */
    public record StoredKey(String provider, String ciphertext, String hint, Instant updatedAt) {

        /** Never shows the ciphertext. */
        @Override
        public String toString() {
            return "StoredKey[provider=" + provider + ", hint=" + hint + ", updatedAt=" + updatedAt + "]";
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ProviderKeyStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public List<StoredKey> all() {
        return jdbc.query(SELECT_ALL, (rs, n) -> {
            OffsetDateTime updated = rs.getObject("updated_at", OffsetDateTime.class);
            return new StoredKey(rs.getString("provider"), rs.getString("key_ciphertext"), rs.getString("key_hint"),
                    updated == null ? null : updated.toInstant());
        });
    }

    /** Stores (inserts or replaces) a provider's sealed key. */
    public StoredKey save(String provider, String ciphertext, String hint) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Object[] args = {ciphertext, hint, now, provider};
        if (jdbc.update(UPDATE, args) == 0) {
            try {
                jdbc.update(INSERT, args);
            } catch (DuplicateKeyException racedWithAnotherAdmin) {
                jdbc.update(UPDATE, args);
            }
        }
        return new StoredKey(provider, ciphertext, hint, now.toInstant());
    }

    /** Deletes a provider's stored key; returns whether there was one. */
    public boolean delete(String provider) {
        return jdbc.update(DELETE, provider) > 0;
    }
}
