-- Budgets: token and cost limits per scope (key, user, tenant, task) and period (day, month, UTC),
-- enforced by reservations. See dev.caravan.budget.BudgetLedger for how the rows are used.
-- Portable between H2 (default mode) and PostgreSQL: only standard types and syntax.
-- Money is integer micro-dollars; times are UTC instants; a period is named by its first day (UTC).

-- One row per budget and period. The limits are copied in from the budget's declaration (YAML
-- today, the admin API later) on every reservation, so a changed limit applies at once.
-- A reservation may only add to reserved_* while used_* + reserved_* stays within the limit;
-- settling moves the estimate out of reserved_* and the actual usage into used_*.
CREATE TABLE budget_counters (
    scope                VARCHAR(16)              NOT NULL,
    name                 VARCHAR(255)             NOT NULL,
    period               VARCHAR(8)               NOT NULL,
    period_start         DATE                     NOT NULL,
    -- NULL: this dimension is not limited
    limit_tokens         BIGINT,
    limit_cost_micros    BIGINT,
    -- TRUE: over the limit only warns, never refuses
    soft                 BOOLEAN                  NOT NULL DEFAULT FALSE,
    used_tokens          BIGINT                   NOT NULL DEFAULT 0,
    used_cost_micros     BIGINT                   NOT NULL DEFAULT 0,
    reserved_tokens      BIGINT                   NOT NULL DEFAULT 0,
    reserved_cost_micros BIGINT                   NOT NULL DEFAULT 0,
    -- the highest alert threshold (percent of a limit) already raised in this period; 0: none
    alerted_percent      INTEGER                  NOT NULL DEFAULT 0,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_budget_counters PRIMARY KEY (scope, name, period, period_start),
    CONSTRAINT ck_budget_counters_reserved CHECK (reserved_tokens >= 0 AND reserved_cost_micros >= 0),
    CONSTRAINT ck_budget_counters_used CHECK (used_tokens >= 0 AND used_cost_micros >= 0)
);

-- One row per reservation. state: held -> settled | released | expired; expired -> settled (a
-- call that finished after its reservation expired is still charged).
CREATE TABLE budget_reservations (
    id                 VARCHAR(64)              NOT NULL,
    request_id         VARCHAR(64)              NOT NULL,
    state              VARCHAR(16)              NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at        TIMESTAMP WITH TIME ZONE,
    actual_tokens      BIGINT,
    actual_cost_micros BIGINT,
    CONSTRAINT pk_budget_reservations PRIMARY KEY (id)
);

CREATE INDEX idx_budget_reservations_state_expires ON budget_reservations (state, expires_at);
CREATE INDEX idx_budget_reservations_request_id ON budget_reservations (request_id);

-- What one reservation holds in each counter (the estimate).
CREATE TABLE budget_reservation_charges (
    reservation_id VARCHAR(64)  NOT NULL,
    scope          VARCHAR(16)  NOT NULL,
    name           VARCHAR(255) NOT NULL,
    period         VARCHAR(8)   NOT NULL,
    period_start   DATE         NOT NULL,
    tokens         BIGINT       NOT NULL,
    cost_micros    BIGINT       NOT NULL,
    CONSTRAINT pk_budget_reservation_charges PRIMARY KEY (reservation_id, scope, name, period, period_start),
    CONSTRAINT fk_budget_reservation_charges_reservation FOREIGN KEY (reservation_id)
        REFERENCES budget_reservations (id) ON DELETE CASCADE,
    CONSTRAINT fk_budget_reservation_charges_counter FOREIGN KEY (scope, name, period, period_start)
        REFERENCES budget_counters (scope, name, period, period_start)
);

