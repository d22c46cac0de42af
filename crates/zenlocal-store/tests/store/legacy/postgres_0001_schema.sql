-- The same model as the SQLite store; money is numeric, times are Unix seconds (UTC).
CREATE TABLE clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    mode TEXT NOT NULL,
    offset_seconds BIGINT NOT NULL,
    frozen_at BIGINT NOT NULL
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    balance NUMERIC NOT NULL,
    discount NUMERIC NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE access_keys (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    password TEXT NOT NULL,
    enabled BOOLEAN NOT NULL
);

CREATE TABLE tokens (
    token TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    expires_at BIGINT
);

CREATE TABLE ledger (
    seq BIGSERIAL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    time BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount NUMERIC NOT NULL,
    balance_after NUMERIC NOT NULL,
    order_number TEXT,
    description TEXT NOT NULL
);
CREATE INDEX ledger_account_time ON ledger (account_id, time, seq);

CREATE TABLE scheduled_events (
    id BIGSERIAL PRIMARY KEY,
    due_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX scheduled_events_due ON scheduled_events (due_at, id);

CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    service TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX instances_account ON instances (account_id, service);

CREATE TABLE orders (
    order_number TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL,
    from_value TEXT,
    to_value TEXT,
    amount NUMERIC NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    effective_at BIGINT NOT NULL,
    seq BIGSERIAL NOT NULL,
    PRIMARY KEY (order_number, instance_id)
);
CREATE INDEX orders_account ON orders (account_id, seq);
CREATE INDEX orders_instance ON orders (instance_id, seq);

CREATE TABLE stock (
    service TEXT NOT NULL,
    zone_id TEXT NOT NULL,
    product TEXT NOT NULL,
    taken BIGINT NOT NULL,
    PRIMARY KEY (service, zone_id, product)
);
