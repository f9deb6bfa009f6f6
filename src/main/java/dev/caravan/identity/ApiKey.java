package dev.caravan.identity;

import java.time.Instant;

/**
 * A virtual API key as it may be shown: its id and display prefix ({@code ck-AbCdEfGh…}), never
 * its secret or hash.
 *
 * @param planId     a plan overriding the tenant's; null: the tenant's
 * @param revokedAt  null while the key works
 * @param lastUsedAt when an instance last loaded it to authenticate a call; precise to the
 *                   authentication cache's ttl (see {@link Authenticator})
 * @param name       the operator's label for the key; null: none
 */
public record ApiKey(String id, String prefix, String tenantId, String userId, String service, String planId,
        Instant createdAt, Instant revokedAt, Instant lastUsedAt, String name) {

    /** A key without a name. */
    public ApiKey(String id, String prefix, String tenantId, String userId, String service, String planId,
            Instant createdAt, Instant revokedAt, Instant lastUsedAt) {
        this(id, prefix, tenantId, userId, service, planId, createdAt, revokedAt, lastUsedAt, null);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** How the key is shown in lists: {@code ck-} and the stored prefix, then an ellipsis. */
    public String display() {
        return ApiKeySecrets.PREFIX + prefix + "…";
    }
}
