-- vm disks (docs/decisions.md D-160 to D-169): each disk as JSON, beside the columns it is
-- looked up by: its account, and the instance it is attached to.
CREATE TABLE disks (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    instance_id TEXT,
    created_at BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX disks_account ON disks (account_id);
CREATE INDEX disks_instance ON disks (instance_id);
