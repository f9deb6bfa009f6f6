-- Budgets set through the admin API (PUT /api/admin/budgets), one row per scope, name and period.
-- Every instance serves caravan.budgets.limits plus these rows from an in-memory snapshot that it
-- re-reads when the change feed (admin_changes, topic 'budget') says so; a row replaces the
-- configured budget of the same scope, name and period (dev.caravan.budget.LayeredBudgets).
-- The counters stay in budget_counters (V7): a changed limit applies from the next reservation.
-- Portable between H2 (default mode) and PostgreSQL: only standard types and syntax.
CREATE TABLE budget_limits (
    -- key | user | tenant | task
    scope           VARCHAR(16)              NOT NULL,
    -- the key id, user (tenant/user), tenant or task; '*': each one its own budget of this size
    name            VARCHAR(255)             NOT NULL,
    -- day | month (UTC calendar)
    period          VARCHAR(8)               NOT NULL,
    -- NULL: this dimension is not limited; at least one of the two is set
    max_tokens      BIGINT,
    max_cost_micros BIGINT,
    -- TRUE: over the limit only warns, never refuses
    soft            BOOLEAN                  NOT NULL DEFAULT FALSE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_budget_limits PRIMARY KEY (scope, name, period),
    CONSTRAINT ck_budget_limits_some_limit CHECK (max_tokens IS NOT NULL OR max_cost_micros IS NOT NULL),
    CONSTRAINT ck_budget_limits_not_negative CHECK ((max_tokens IS NULL OR max_tokens >= 0)
        AND (max_cost_micros IS NULL OR max_cost_micros >= 0))
);
