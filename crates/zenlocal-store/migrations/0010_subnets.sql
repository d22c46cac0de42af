-- vm subnets (docs/decisions.md D-150 to D-154). A subnet's range is held in `addresses`
-- under its account's zone scope, the private addresses of its instances under its own.
CREATE TABLE subnets (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    zone_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    cidr TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX subnets_account ON subnets (account_id);
