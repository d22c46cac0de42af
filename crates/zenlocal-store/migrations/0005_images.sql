-- vm custom images (docs/decisions.md D-173 to D-176). A deleted image stays as a row with
-- `deleted_at` set, so that the instances installed from it keep showing its name.
CREATE TABLE images (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    zone_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    os_type TEXT NOT NULL,
    version TEXT NOT NULL,
    size BIGINT NOT NULL,
    instance_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX images_account ON images (account_id);
