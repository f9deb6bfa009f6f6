-- Dead letters: requests no model could answer (every candidate failed) or that failed
-- unexpectedly, kept so that an operator can replay them. The request itself is in "payload",
-- never in clear when it held secrets: either every restricted finding is replaced by a
-- placeholder (payload_format 'masked') or the whole request is AES-GCM encrypted with the key
-- from CARAVAN_DLQ_KEY (payload_format 'aes-gcm'). replay_response is protected the same way
-- (replay_response_format).
-- Portable between H2 (default mode) and PostgreSQL: only standard types and syntax. TEXT is
-- PostgreSQL's unbounded string; H2 2.3 reads it as CHARACTER VARYING of its largest length
-- (1,000,000,000 characters, stored in the row, no LOB handling). Both bind and return it as a
-- plain JDBC string. A declared VARCHAR(n) would cap the payload below what is accepted:
-- requests may be up to caravan.max-request-size (4 MB by default) and an encrypted payload is
-- a third larger than its JSON.
CREATE TABLE dead_letters (
    id                     VARCHAR(64)              NOT NULL,
    request_id             VARCHAR(64)              NOT NULL,
    channel                VARCHAR(16)              NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    error_code             VARCHAR(64),
    error_message          VARCHAR(1024),
    -- the models tried and how each failed, e.g. sim-small:error,sim-large:timeout
    attempts               VARCHAR(1024),
    model_requested        VARCHAR(255),
    sensitivity            VARCHAR(16),
    payload_format         VARCHAR(16)              NOT NULL,
    payload                TEXT                     NOT NULL,
    -- where the original caller waits: a JMS destination or a file outbox name (NULL for REST)
    reply_to               VARCHAR(512),
    correlation_id         VARCHAR(255),
    -- pending | replaying | replayed | failed
    status                 VARCHAR(16)              NOT NULL,
    replay_attempts        INTEGER                  NOT NULL DEFAULT 0,
    replay_started_at      TIMESTAMP WITH TIME ZONE,
    replayed_at            TIMESTAMP WITH TIME ZONE,
    replay_request_id      VARCHAR(64),
    -- why the last replay failed (the original failure stays in error_code / error_message)
    replay_error_code      VARCHAR(64),
    replay_error_message   VARCHAR(1024),
    -- the answer of a replay that could not be delivered to the original channel
    replay_response_format VARCHAR(16),
    replay_response        TEXT,
    CONSTRAINT pk_dead_letters PRIMARY KEY (id)
);

CREATE INDEX idx_dead_letters_status_created_at ON dead_letters (status, created_at);
CREATE INDEX idx_dead_letters_request_id ON dead_letters (request_id);
