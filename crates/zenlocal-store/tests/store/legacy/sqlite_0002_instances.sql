-- An instance is stored whole as JSON (`data`), with the columns its lookups need.
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    service TEXT NOT NULL,
    created_at INTEGER NOT NULL,
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
    amount TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    effective_at INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (order_number, instance_id)
);
CREATE INDEX orders_account ON orders (account_id, seq);
CREATE INDEX orders_instance ON orders (instance_id, seq);

-- How much of each offer's stock is taken.
CREATE TABLE stock (
    service TEXT NOT NULL,
    zone_id TEXT NOT NULL,
    product TEXT NOT NULL,
    taken INTEGER NOT NULL,
    PRIMARY KEY (service, zone_id, product)
);
