-- A name for each key, chosen by the operator when creating it ("billing batch job"), so that a
-- list of keys says which is which without showing more of the secret. NULL: none given.
-- Version 9.1 rather than 10 so that it cannot collide with migrations added alongside it.
ALTER TABLE api_keys ADD COLUMN name VARCHAR(255);
