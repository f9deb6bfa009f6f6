-- What the security classification found (level and types, never values) and why the router
-- chose the model, kept with each request's usage record.
ALTER TABLE usage_records ADD COLUMN sensitivity VARCHAR(16);
ALTER TABLE usage_records ADD COLUMN finding_types VARCHAR(512);
ALTER TABLE usage_records ADD COLUMN route VARCHAR(512);
