-- Order lines are numbered by the database (a sequence on PostgreSQL, the row id on
-- SQLite) instead of MAX(seq) + 1, which read the whole table on every insert. The lines
-- are copied oldest first, so they keep their order.
CREATE TABLE orders_by_seq (
    seq {serial},
    order_number TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL,
    from_value TEXT,
    to_value TEXT,
    amount {decimal} NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    effective_at BIGINT NOT NULL,
    UNIQUE (order_number, instance_id)
);
INSERT INTO orders_by_seq (order_number, instance_id, account_id, kind, from_value, to_value,
                           amount, status, created_at, effective_at)
    SELECT order_number, instance_id, account_id, kind, from_value, to_value,
           amount, status, created_at, effective_at
    FROM orders ORDER BY seq;
DROP TABLE orders;
ALTER TABLE orders_by_seq RENAME TO orders;
CREATE INDEX orders_account ON orders (account_id, seq);
CREATE INDEX orders_instance ON orders (instance_id, seq);
