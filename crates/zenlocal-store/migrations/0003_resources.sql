-- Orders and scheduled events name the resource they concern, by type and id, instead of
-- only an instance: every billable resource goes through the one billing path. What was
-- stored before concerns instances. Order lines are copied oldest first, so they keep
-- their order (renumbered by the database, as in 0002).
CREATE TABLE orders_by_resource (
    seq {serial},
    order_number TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_value TEXT,
    to_value TEXT,
    amount {decimal} NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    effective_at BIGINT NOT NULL,
    UNIQUE (order_number, resource_type, resource_id)
);
INSERT INTO orders_by_resource (order_number, account_id, resource_type, resource_id, kind,
                                from_value, to_value, amount, status, created_at,
                                effective_at)
    SELECT order_number, account_id, 'INSTANCE', instance_id, kind, from_value, to_value,
           amount, status, created_at, effective_at
    FROM orders ORDER BY seq;
DROP TABLE orders;
ALTER TABLE orders_by_resource RENAME TO orders;
CREATE INDEX orders_account ON orders (account_id, seq);
CREATE INDEX orders_resource ON orders (resource_type, resource_id, seq);

-- Event payloads and the orders an instance keeps with its pending changes are JSON in
-- serde_json's compact form, where the only quoted text followed by a colon is a key: the
-- key that named an instance becomes the type and id of a resource.
UPDATE scheduled_events
    SET payload = REPLACE(payload, '"instanceId":', '"resourceType":"INSTANCE","resourceId":');
UPDATE instances
    SET data = REPLACE(data, '"instance_id":', '"resourceType":"INSTANCE","resourceId":');
