-- What the response cache did for a request (hit, semantic-hit, miss, bypass; null when the
-- request never reached the cache stage) and, for a hit, what the original call had cost.
ALTER TABLE usage_records ADD COLUMN cache_status VARCHAR(16);
ALTER TABLE usage_records ADD COLUMN saved_cost_micros BIGINT DEFAULT 0 NOT NULL;
