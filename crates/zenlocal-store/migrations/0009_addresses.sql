-- Addresses (docs/decisions.md D-140): one row per range a scope has handed out — a single
-- address is a /32 or /128 — unique on (scope, first address), so no store ever holds
-- one address twice in a scope; `holder_type` and `holder_id` name the resource holding
-- it. A scope's row in `address_scopes` is locked while a command reads what the scope
-- holds and adds to it, so that concurrent commands never hand out overlapping ranges.
CREATE TABLE addresses (
    scope TEXT NOT NULL,
    address TEXT NOT NULL,
    prefix INTEGER NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    holder_type TEXT NOT NULL,
    holder_id TEXT NOT NULL,
    PRIMARY KEY (scope, address)
);
CREATE INDEX addresses_holder ON addresses (holder_type, holder_id);

CREATE TABLE address_scopes (
    scope TEXT PRIMARY KEY
);

-- bmc elastic IPs and IP blocks (docs/decisions.md D-141), stored whole as JSON (`data`)
-- with the columns their lookups need: the account, and the instance an elastic IP is
-- associated with.
CREATE TABLE ip_blocks (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    instance_id TEXT,
    created_at BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX ip_blocks_account ON ip_blocks (account_id);
CREATE INDEX ip_blocks_instance ON ip_blocks (instance_id);
