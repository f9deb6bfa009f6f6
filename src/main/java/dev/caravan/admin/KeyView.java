package dev.caravan.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.caravan.identity.ApiKey;
import dev.caravan.identity.CreatedKey;
import java.time.Instant;

/**
 * A key as the admin API shows it: its id and masked prefix ({@code ck-AbCdEfGh…}), never its
 * hash. {@code secret} is set only in the answer that created the key ({@link #created}), the one
 * time it is shown, and left out of the JSON otherwise; {@link #toString()} never shows it.
 *
 * @param status {@code active} or {@code revoked}
 */
public record KeyView(String object, String id, String name, String prefix, String tenantId, String userId,
        String service, String planId, String status, Instant createdAt, Instant lastUsedAt, Instant revokedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    public static KeyView of(ApiKey key) {
        return new KeyView("api_key", key.id(), key.name(), key.display(), key.tenantId(), key.userId(), key.service(),
                key.planId(), key.revoked() ? "revoked" : "active", key.createdAt(), key.lastUsedAt(),
                key.revokedAt(), null);
    }

    /** The view of a key just created or rotated, with its secret. */
    public static KeyView created(CreatedKey created) {
        KeyView view = of(created.key());
        return new KeyView(view.object, view.id, view.name, view.prefix, view.tenantId, view.userId, view.service,
                view.planId, view.status, view.createdAt, view.lastUsedAt, view.revokedAt, created.secret());
    }

    @Override
    public String toString() {
        return "KeyView[id=" + id + ", prefix=" + prefix + ", tenantId=" + tenantId + ", status=" + status
                + (secret == null ? "" : ", secret=shown once") + "]";
    }
}
