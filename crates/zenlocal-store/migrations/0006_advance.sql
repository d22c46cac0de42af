-- An advance in progress (D-115): the instant it goes to, stored with its first chunk of
-- events and cleared with its last, so that a restart resumes it. NULL when none is.
ALTER TABLE clock ADD COLUMN advancing_to BIGINT;

-- Applied events are deleted, and PostgreSQL keeps a deleted row until it is vacuumed: an
-- advance over many instances leaves many, which every look for the next due event would
-- step over. Vacuum this table after every thousand, whatever its size.
--postgres: ALTER TABLE scheduled_events SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000);
