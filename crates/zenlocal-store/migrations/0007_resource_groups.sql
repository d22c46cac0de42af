-- Resource groups (docs/decisions.md D-125): the groups an account made through the
-- control plane. Its default group is stored nowhere: it exists with the account.
CREATE TABLE resource_groups (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);
