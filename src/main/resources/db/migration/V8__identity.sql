-- Identity: plans, tenants and virtual API keys. See dev.caravan.identity.ApiKeyStore.
-- Portable between H2 (default mode) and PostgreSQL: only standard types and syntax.
-- Ids of plans and tenants are chosen by the operator (they name budgets and metering rows);
-- key ids are generated. Times are UTC instants.

-- What a tenant may do. features: JSON array of names; allowed_tiers: JSON object, task ->
-- array of model tiers (a task missing from it: any tier). NULL limits: not limited.
CREATE TABLE plans (
    id             VARCHAR(64)              NOT NULL,
    name           VARCHAR(255)             NOT NULL,
    max_tokens_in  BIGINT,
    max_tokens_out BIGINT,
    features       VARCHAR(4000)            NOT NULL DEFAULT '[]',
    allowed_tiers  VARCHAR(4000)            NOT NULL DEFAULT '{}',
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_plans PRIMARY KEY (id),
    CONSTRAINT ck_plans_limits CHECK ((max_tokens_in IS NULL OR max_tokens_in >= 0)
        AND (max_tokens_out IS NULL OR max_tokens_out >= 0))
);

CREATE TABLE tenants (
    id         VARCHAR(64)              NOT NULL,
    name       VARCHAR(255)             NOT NULL,
    status     VARCHAR(16)              NOT NULL,
    -- NULL: no plan, nothing beyond the gateway's own limits
    plan_id    VARCHAR(64),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_tenants PRIMARY KEY (id),
    CONSTRAINT ck_tenants_status CHECK (status IN ('active', 'suspended')),
    CONSTRAINT fk_tenants_plan FOREIGN KEY (plan_id) REFERENCES plans (id)
);

-- One row per key ever issued; a revoked key stays (revoked_at set) for audit and metering.
-- secret_hash: hex SHA-256 of the secret, or HMAC-SHA-256 with the deployment's pepper; the
-- secret itself is never stored. prefix: the first characters after "ck-", for display only.
CREATE TABLE api_keys (
    id           VARCHAR(64)              NOT NULL,
    prefix       VARCHAR(16)              NOT NULL,
    secret_hash  VARCHAR(64)              NOT NULL,
    tenant_id    VARCHAR(64)              NOT NULL,
    user_id      VARCHAR(255),
    service      VARCHAR(255),
    -- NULL: the tenant's plan
    plan_id      VARCHAR(64),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_api_keys PRIMARY KEY (id),
    CONSTRAINT uq_api_keys_secret_hash UNIQUE (secret_hash),
    CONSTRAINT fk_api_keys_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT fk_api_keys_plan FOREIGN KEY (plan_id) REFERENCES plans (id)
);

CREATE INDEX idx_api_keys_tenant ON api_keys (tenant_id);
