-- What a batch contained, so that a batch id sent again with other outcomes is refused (CONFLICT) instead of being
-- answered as a retry of the first batch: the SHA-256 of its outcomes as they were read, in hex. Null for batches
-- counted before this column existed, which are taken as retries whatever they contain.
alter table outcome_batch add column fingerprint text;
