-- The attempts a request took through the fallback chain, e.g. "sim-small:timeout,sim-large:ok".
ALTER TABLE usage_records ADD COLUMN attempts VARCHAR(512);
