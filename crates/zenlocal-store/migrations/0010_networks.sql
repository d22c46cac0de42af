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

-- vm security groups (docs/decisions.md D-155 to D-158): their rules as JSON, in the order
-- they were added. The groups applied to an instance are among its own fields, so a
-- released instance leaves none behind.
CREATE TABLE security_groups (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    description TEXT,
    rules TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX security_groups_account ON security_groups (account_id);
