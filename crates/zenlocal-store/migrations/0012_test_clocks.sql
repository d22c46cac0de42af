-- Test clocks (docs/decisions.md D-181): named frozen clocks of their own. An account on
-- one (`accounts.clock_id`) reads `now` from it, and its events (`scheduled_events.
-- clock_id`, the account's clock when scheduled) are applied only when it is advanced;
-- NULL is the global clock.
CREATE TABLE test_clocks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    frozen_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
ALTER TABLE accounts ADD COLUMN clock_id TEXT REFERENCES test_clocks (id);
ALTER TABLE scheduled_events ADD COLUMN clock_id TEXT;
-- Each clock reads its own due events in due order, the global one (NULL) included.
DROP INDEX scheduled_events_due;
CREATE INDEX scheduled_events_clock_due ON scheduled_events (clock_id, due_at, id);
