-- What the admin API changes about models, providers, the security policy and routing. The
-- configuration (caravan.*) stays the seed: a row overrides it, field by field where a column is
-- NULL-able, and every instance re-reads these tables when the change feed (admin_changes) says so.
-- Portable between H2 (default mode) and PostgreSQL: only standard types and syntax.

-- Per declared model; NULL: the configured value.
CREATE TABLE model_overrides (
    model_id            VARCHAR(255)             NOT NULL,
    enabled             BOOLEAN,
    priority            INTEGER,
    input_price_per_1m  BIGINT,
    output_price_per_1m BIGINT,
    latency_budget_ms   BIGINT,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_model_overrides PRIMARY KEY (model_id)
);

-- Provider API keys, never in clear: AES-256-GCM under CARAVAN_SECRETS_KEY, the provider id as
-- authenticated data, stored as base64(iv || ciphertext+tag). key_hint is the masked form shown
-- by the admin API (a short prefix and the last four characters).
CREATE TABLE provider_keys (
    provider       VARCHAR(32)              NOT NULL,
    key_ciphertext VARCHAR(8192)            NOT NULL,
    key_hint       VARCHAR(32)              NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_provider_keys PRIMARY KEY (provider)
);

-- Routing settings by name (today: default_strategy); a missing row: the configured value.
CREATE TABLE routing_settings (
    setting_name  VARCHAR(64)              NOT NULL,
    setting_value VARCHAR(255)             NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_routing_settings PRIMARY KEY (setting_name)
);

-- Security policy rules per sensitivity level, for every request ('*', '*'), one tenant, one task,
-- or one task of one tenant. '*' rather than NULL so that the primary key holds on both databases.
-- allowed_levels: comma-separated model security levels (local, private, public); NULL inherits,
-- as does a NULL policy_action (route, redact, block).
CREATE TABLE policy_rules (
    tenant         VARCHAR(255)             NOT NULL,
    task           VARCHAR(255)             NOT NULL,
    sensitivity    VARCHAR(16)              NOT NULL,
    allowed_levels VARCHAR(64),
    policy_action  VARCHAR(16),
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_policy_rules PRIMARY KEY (tenant, task, sensitivity)
);
