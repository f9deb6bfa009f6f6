-- Metering store: one row per request Caravan handled (answered, failed, refused, cached).
-- Portable between H2 (default mode) and PostgreSQL: only standard types and syntax.
-- Money is integer micro-dollars; times are UTC instants.
CREATE TABLE usage_records (
    request_id      VARCHAR(64)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    channel         VARCHAR(16)              NOT NULL,
    kind            VARCHAR(16)              NOT NULL,
    tenant          VARCHAR(255),
    user_id         VARCHAR(255),
    service         VARCHAR(255),
    key_id          VARCHAR(255),
    task            VARCHAR(64),
    model_requested VARCHAR(255),
    provider        VARCHAR(64),
    model           VARCHAR(255),
    input_tokens    BIGINT                   NOT NULL DEFAULT 0,
    output_tokens   BIGINT                   NOT NULL DEFAULT 0,
    cost_micros     BIGINT                   NOT NULL DEFAULT 0,
    latency_ms      BIGINT                   NOT NULL DEFAULT 0,
    status          VARCHAR(16)              NOT NULL,
    error_code      VARCHAR(64),
    streamed        BOOLEAN                  NOT NULL DEFAULT FALSE,
    CONSTRAINT pk_usage_records PRIMARY KEY (request_id)
);

CREATE INDEX idx_usage_records_created_at ON usage_records (created_at);
CREATE INDEX idx_usage_records_provider_model ON usage_records (provider, model);
CREATE INDEX idx_usage_records_tenant ON usage_records (tenant);
