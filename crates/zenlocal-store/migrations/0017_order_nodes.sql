-- Order numbers and instance IDs grow with time (docs/decisions.md D-234): each process
-- numbers them as one node of the store, its node claimed here when it opens the store,
-- so that processes sharing a store never draw the same number. Snapshots leave this
-- table as it is: a restored store must not hand a running process's node to the next one.
CREATE TABLE order_nodes (
    id INTEGER PRIMARY KEY,
    claimed BIGINT NOT NULL
);
INSERT INTO order_nodes (id, claimed) VALUES (1, 0);
