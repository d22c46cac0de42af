-- Money columns hold exact decimal text; times are Unix seconds (UTC).
CREATE TABLE clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    mode TEXT NOT NULL,
    offset_seconds INTEGER NOT NULL,
    frozen_at INTEGER NOT NULL
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    balance TEXT NOT NULL,
    discount TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE access_keys (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    password TEXT NOT NULL,
    enabled INTEGER NOT NULL
);

CREATE TABLE tokens (
    token TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    expires_at INTEGER
);

CREATE TABLE ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    time INTEGER NOT NULL,
    kind TEXT NOT NULL,
    amount TEXT NOT NULL,
    balance_after TEXT NOT NULL,
    order_number TEXT,
    description TEXT NOT NULL
);
CREATE INDEX ledger_account_time ON ledger (account_id, time, seq);

CREATE TABLE scheduled_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    due_at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX scheduled_events_due ON scheduled_events (due_at, id);
